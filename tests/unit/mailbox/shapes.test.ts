import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, type MailboxAddresses } from '../../../src/mailbox/classify.js';
import { REASONS } from '../../../src/mailbox/reasons.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

/**
 * Returned mail in the shapes real systems send (tests/fixtures/mail/shapes, written for these
 * tests): what each is, why it came back, and whether the reader loses their subscription.
 */
const DIR = path.join(PROJECT_ROOT, 'tests/fixtures/mail/shapes');
const addresses: MailboxAddresses = { bounce: 'bounces@digest.test', unsubscribe: 'unsubscribe@digest.test', own: ['news@digest.test'] };
const read = async (name: string) => classify(await readReturnedMail(await readFile(path.join(DIR, name))), addresses);
const ref = (a: string, b: string) => a.repeat(16) + b.repeat(16);

describe('returned mail in the shapes real systems send', () => {
  it.each([
    // Refusals about the send, never about the address: none of these suppresses.
    ['generic-status-policy-block.eml', 'reader@bigmail.test', 'refused', 'blocked', 'b'.repeat(32)],
    ['code-blames-address-words-blame-ip.eml', 'reader@bigmail.test', 'refused', 'blocked', 'b'.repeat(32)],
    ['data-stage-unknown-user.eml', 'filtered@readers.test', 'refused', 'filtered', 'd'.repeat(32)],
    ['routing-loop.eml', 'looped@readers.test', 'refused', 'networkerror', 'e'.repeat(32)],
    ['protocol-refusal.eml', 'strict@readers.test', 'refused', 'syntaxerror', 'f'.repeat(32)],
    ['gmail-unauthenticated.eml', 'reader@gmail.test', 'refused', 'securityerror', 'c'.repeat(32)],
    ['exim-sender-refused.eml', 'reader@strict.test', 'refused', 'rejected', ref('1', 'a')],
    ['exim-rate-limited.eml', 'busy@bigmail.test', 'refused', 'toomanyconn', ref('2', 'a')],
    ['security-appliance-block-list.eml', 'blocked.reader@corp.example.org', 'refused', 'blocked', ref('d', '3')],
    // About the mailbox: counted, suppressed only after a run of issues.
    ['mailbox-disabled.eml', 'sleeping@readers.test', 'soft', 'suspend', 'd'.repeat(32)],
    ['unfamiliar-subject-mailbox-full.eml', 'hoarder@smallhost.test', 'soft', 'mailboxfull', ref('9', 'a')],
    ['mobile-carrier-mailbox-full.eml', 'commuter@mobile.example.jp', 'soft', 'mailboxfull', ref('d', '1')],
    // The address is gone: suppressed at once, whoever wrote the report and however.
    ['generic-status-specific-code.eml', 'gone@readers.test', 'hard', 'userunknown', 'c'.repeat(32)],
    ['domino-plain.eml', 'ada.left@corp.test', 'hard', 'userunknown', ref('3', 'a')],
    ['exchange-2003-plain.eml', 'old.hand@corp.test', 'hard', 'userunknown', ref('4', 'a')],
    ['office365-text-only.eml', 'left.company@tenant.test', 'hard', 'userunknown', ref('5', 'a')],
    ['mailru-russian.eml', 'nikto@mail.test', 'hard', 'userunknown', ref('6', 'a')],
    ['yahoo-plain.eml', 'nobody.now@yahoo.test', 'hard', 'userunknown', ref('7', 'a')],
    ['unfamiliar-sender.eml', 'moved.on@isp.test', 'hard', 'userunknown', ref('8', 'a')],
    ['ses-notification-bounce.eml', 'gone.away@readers.test', 'hard', 'userunknown', ref('a', '5')],
    ['security-appliance-unknown-user.eml', 'moved.away@corp.example.org', 'hard', 'userunknown', ref('d', '2')],
  ])('%s: %s is a %s bounce (%s)', async (name, recipient, severity, reason, original) => {
    const verdict = await read(name);
    expect(verdict).toMatchObject({ kind: 'bounce', refs: [original], results: [{ recipient, severity, reason }] });
  });

  it.each([
    ['complaint-jmrp-without-report.eml', ['annoyed.reader@hotmail.test'], ref('a', '1')],
    ['complaint-abuse-desk.eml', ['member@isp.test'], ref('a', '2')],
    ['complaint-fields-in-text.eml', ['tired.reader@webmail.test'], ref('a', '3')],
  ])('%s: a complaint without a message/feedback-report part', async (name, recipients, original) => {
    expect(await read(name)).toEqual({ kind: 'complaint', feedbackType: 'abuse', recipients, refs: [original] });
  });

  it('keeps an RFC 6591 authentication-failure report apart from complaints', async () => {
    expect(await read('auth-failure-report.eml')).toEqual({ kind: 'auth-failure', detail: 'auth-failure dkim from 198.51.100.7 for digest.test', recipients: ['reader@bigmail.test'], refs: [ref('a', '4')] });
  });

  it('leaves a reader who quotes a report alone', async () => {
    expect(await read('reply-quoting-a-report.eml')).toMatchObject({ kind: 'other' });
  });

  it('suppresses at once only for reasons about the address itself, in every shape', async () => {
    const names = readdirSync(DIR).filter((name) => name.endsWith('.eml'));
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of names) {
      const verdict = await read(name);
      if (verdict.kind !== 'bounce') continue;
      for (const result of verdict.results) {
        const consequence = REASONS[result.reason].consequence;
        expect(result.severity === 'hard', `${name}: ${result.reason}`).toBe(consequence === 'suppress');
      }
    }
  });
});
