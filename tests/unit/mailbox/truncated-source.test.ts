import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/mailbox/classify.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

const addresses = { bounce: 'bounces@digest.test', unsubscribe: 'unsubscribe@digest.test', own: ['news@digest.test'] };
const FETCHED = 256 * 1024;

/** A returned message whose copy of the original carries a large attachment, as a reader's mail server sends it back. */
async function withLargeOriginal(name: string): Promise<string> {
  const text = await readFile(path.join(PROJECT_ROOT, 'tests/fixtures/mail', name), 'utf8');
  const attachment = Buffer.alloc(900 * 1024, 'Diplomacy Watch archive ').toString('base64').replace(/.{76}/g, '$&\n');
  return text.replace('Dear reader, the talks resumed this week.', `Dear reader, the talks resumed this week.\n\n--attached\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n${attachment}\n--attached--`);
}

describe('classifying the first 256 KB of a message, as the mailbox command fetches it', () => {
  it.each(['exim-bounce.eml', 'qmail-bounce.eml', 'postfix-hard.eml', 'shapes/exim-sender-refused.eml', 'shapes/exchange-2003-plain.eml'])(
    '%s reads the same cut short as whole',
    async (name) => {
      const whole = await withLargeOriginal(name);
      expect(whole.length).toBeGreaterThan(FETCHED * 3);
      const full = classify(await readReturnedMail(whole), addresses);
      const cut = classify(await readReturnedMail(Buffer.from(whole).subarray(0, FETCHED)), addresses);
      expect(cut).toEqual(full);
      expect(cut.kind).toBe('bounce');
    },
  );
});
