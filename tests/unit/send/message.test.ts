import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { createMessageFactory } from '../../../src/send/message.js';
import { verifyToken } from '../../../src/audience/unsubscribe-token.js';

const config = parseConfig({
  name: 'Diplomacy Watch',
  from: { address: 'news@example.org' },
  greeting: { withName: 'Dear {name} of {org},', withoutName: 'Dear reader,' },
  unsubscribe: { url: 'https://example.org/u?t={token}&list=dw' },
});
const html = `<p>%%GREETING%%</p><p>${'Long paragraph with “quotes” — and = signs. '.repeat(40)}</p><a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a>`;
const text = 'Hello %%GREETING%%\n\nUnsubscribe: %%UNSUBSCRIBE_URL%%\n';

async function messageFor(name: string, fields: Record<string, string> = {}) {
  const prepare = await createMessageFactory({ week: '2024-W10', subject: 'Subject', html, text }, { config, secret: 's3cret', date: new Date('2024-03-08T10:00:00Z') });
  return prepare({ email: 'ada@example.com', key: 'ada@example.com', name, fields: { name, ...fields } });
}

describe('createMessageFactory', () => {
  it('fills placeholders per recipient, escaped for HTML, raw in text', async () => {
    const message = await messageFor('Ada <Admin> & Co', { org: 'R&D' });
    const parsed = await simpleParser(message.raw);
    expect(parsed.html).toContain('<p>Dear Ada &lt;Admin&gt; &amp; Co of R&amp;D,</p>');
    expect(parsed.text).toContain('Hello Dear Ada <Admin> & Co of R&D,');
    const url = /Unsubscribe: (\S+)/.exec(parsed.text!)![1]!;
    expect(url).toMatch(/^https:\/\/example.org\/u\?t=[^&]+&list=dw$/);
    expect(verifyToken(new URL(url).searchParams.get('t')!, 's3cret')).toBe('ada@example.com');
    expect(parsed.html).toContain(`href="${url.replace('&', '&amp;')}"`);
    expect(parsed.html).toContain('“quotes” — and = signs.');
  });

  it('keeps every body line within 76 characters (quoted-printable)', async () => {
    const { raw } = await messageFor('Ada');
    const body = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
    expect(body.split('\r\n').every((line) => line.length <= 76)).toBe(true);
  });

  it('treats replacement patterns and line breaks in names as text', async () => {
    const { raw } = await messageFor("Eve $& $' \r\nBcc: x@example.net");
    const headers = raw.split('\r\n\r\n')[0]!;
    expect(headers).toMatch(/^To: "Eve \$& \$' Bcc: x@example.net" <ada@example.com>$/m);
    expect(headers).not.toMatch(/^Bcc:/m);
  });

  it('derives a stable Message-ID from the issue and the recipient', async () => {
    expect((await messageFor('Ada')).messageId).toBe((await messageFor('Someone else')).messageId);
    expect((await messageFor('Ada')).messageId).toMatch(/^<[0-9a-f]{32}@example.org>$/);
  });
});
