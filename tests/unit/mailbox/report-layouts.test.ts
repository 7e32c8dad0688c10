import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, type MailboxAddresses } from '../../../src/mailbox/classify.js';
import { recipientBlocks } from '../../../src/mailbox/explanation.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

/**
 * Report layouts and wordings beyond RFC 3464 (tests/fixtures/mail/shapes, written for these
 * tests): who the report is about, and whether it is clear enough about the address to suppress.
 */
const DIR = path.join(PROJECT_ROOT, 'tests/fixtures/mail/shapes');
const addresses: MailboxAddresses = { bounce: 'bounces@digest.test', unsubscribe: 'unsubscribe@digest.test', own: ['news@digest.test'] };
const read = async (name: string) => classify(await readReturnedMail(await readFile(path.join(DIR, name))), addresses);
const id = (a: string, b: string) => a.repeat(16) + b.repeat(16);

describe('returned mail in layouts beyond RFC 3464', () => {
  it.each([
    // Never suppressed: the report is not clear that the address is gone.
    ['gateway-server-busy.eml', 'patient.reader@slowhost.test', 'refused', id('b', '1')],
    ['postfix-dns-try-again.eml', 'reader@flakydns.test', 'refused', id('b', '2')],
    ['account-sentence-without-stage.eml', 'someone.else@webmail.test', 'refused', id('b', '3')],
    ['html-only-gateway-report.eml', 'reader.one@oldcorp.test', 'refused', id('b', '4')],
    ['mailbox-access-denied.eml', 'paused@cablehost.test', 'soft', id('b', '5')],
    ['failed-recipient-label.eml', 'desk@officehost.test', 'refused', id('c', '2')],
    ['exim-generated-from.eml', 'alias.reader@forwarder.test', 'refused', id('b', 'e')],
    ['exim-malformed-address.eml', 'second@readers.test', 'refused', id('c', '3')],
    ['list-server-error-for.eml', 'looped.reader@university.test', 'refused', id('c', '4')],
    ['messaging-server-original-address.eml', 'professor@campus.test', 'soft', id('b', 'a')],
    ['sieve-rejected-quota.eml', 'collector@smallhost.test', 'soft', id('b', 'f')],
    ['scanner-gateway-not-daemon.eml', 'reader@filtered-company.test', 'delayed', id('c', '1')],
    ['code-blames-address-words-blame-sender.eml', 'reader@picky.test', 'refused', id('c', '5')],
    ['code-blames-address-words-say-relay.eml', 'reader@moved-mx.test', 'refused', id('c', '6')],
    ['relay-quotes-postfix-stage.eml', 'reader@downstream.test', 'refused', id('c', '7')],
    // Suppressed: a recipient lookup answered at RCPT TO, or a family's own word for its directory.
    ['imail-final-delivery.eml', 'closed.account@imailhost.test', 'hard', id('b', '7')],
    ['exim-stage-line.eml', 'left.provider@telco.test', 'hard', id('b', '8')],
    ['bulleted-recipient-smtp-stage.eml', 'nobody.there@smallisp.test', 'hard', id('b', '9')],
    ['failed-addresses-unknown-host.eml', 'reader@no-such-domain.test', 'hard', id('b', 'c')],
    ['exchange-x400-recipient.eml', 'former.staff@oldcorp.test', 'hard', id('b', 'd')],
    ['unknown-user-spam-folder-advice.eml', 'former.member@club.test', 'hard', id('c', '8')],
  ])('%s: %s, %s', async (name, recipient, severity, original) => {
    const verdict = await read(name);
    expect(verdict).toMatchObject({ kind: 'bounce', refs: [original], results: [{ recipient, severity }] });
    if (verdict.kind === 'bounce') expect(verdict.results).toHaveLength(1);
  });

  it('reads why: a retry the DNS asked for, a mailbox switched off, a full quota, a loop', async () => {
    expect(await read('postfix-dns-try-again.eml')).toMatchObject({ results: [{ reason: 'networkerror' }] });
    expect(await read('mailbox-access-denied.eml')).toMatchObject({ results: [{ reason: 'suspend', command: 'RCPT' }] });
    expect(await read('messaging-server-original-address.eml')).toMatchObject({ results: [{ reason: 'mailboxfull' }] });
    expect(await read('sieve-rejected-quota.eml')).toMatchObject({ results: [{ reason: 'mailboxfull' }] });
    expect(await read('list-server-error-for.eml')).toMatchObject({ results: [{ reason: 'networkerror' }] });
    expect(await read('failed-addresses-unknown-host.eml')).toMatchObject({ results: [{ reason: 'hostunknown' }] });
  });

  it('lists every recipient of a report that gives one label line each, with the stage named on a line of its own', async () => {
    const verdict = await read('imail-unknown-users.eml');
    expect(verdict).toMatchObject({
      kind: 'bounce',
      refs: [id('b', '6')],
      results: [
        { recipient: 'first.gone@imailhost.test', severity: 'hard', reason: 'userunknown', command: 'RCPT' },
        { recipient: 'second.gone@imailhost.test', severity: 'hard', reason: 'userunknown', command: 'RCPT' },
      ],
    });
  });
});

describe('the recipients a report lists', () => {
  const none = new Set<string>();
  const recipients = (text: string) => recipientBlocks(text, [], none).map((block) => block.recipient);

  it('reads bullets, labels, X.400 strings and name-and-address lines', () => {
    expect(recipients('Delivery failed:\n\n   * a@b.test\n   - c@d.test\n')).toEqual(['a@b.test', 'c@d.test']);
    expect(recipients('Failed Recipient: a@b.test\nReason: gone\n')).toEqual(['a@b.test']);
    expect(recipients('\tRecipient: [SMTP:a@b.test]\n\tReason: 550 no\n')).toEqual(['a@b.test']);
    expect(recipients("User's mailbox is full: <a@b.test>\n")).toEqual(['a@b.test']);
    expect(recipients('c=US;a= ;p=Org;dda:SMTP=a@b.test; on Fri\n')).toEqual(['a@b.test']);
    expect(recipients('  x@y.test <a@b.test>: malformed address\n')).toEqual(['a@b.test']);
    expect(recipients("addressed to 'a@b.test', failed because it expired\n")).toEqual(['a@b.test']);
  });

  it('never takes a header line, a sender or the reporter for a recipient', () => {
    expect(recipients('  To: list@digest.test\n  From: news@digest.test\nSender address: news@digest.test\nSystem Contact: postmaster@b.test\n')).toEqual([undefined]);
  });

  it('takes the address a hidden one was generated from, but not after a listed recipient', () => {
    expect(recipients('  an undisclosed address\n    (generated from a@b.test)\n')).toEqual(['a@b.test']);
    expect(recipients('a@internal.test\n    (expanded from: a@b.test)\n')).toEqual(['a@internal.test']);
  });
});
