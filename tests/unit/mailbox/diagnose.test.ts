import { describe, expect, it } from 'vitest';
import { codesIn, replyCodeIn, severityOf, statusFrom } from '../../../src/mailbox/bounce-severity.js';
import { chooseStatus, commandIn, diagnose, normalise } from '../../../src/mailbox/diagnose.js';
import { describeRefusal, reasonOfCode } from '../../../src/mailbox/reasons.js';

const reason = (diagnostic: string, status?: string, context?: string) => diagnose({ diagnostic, status, context }).reason;

describe('the reason a delivery failed', () => {
  it('believes a specific code in the diagnostic over a Status that names only the class', () => {
    expect(chooseStatus('5.0.0', normalise('550 5.1.1 <a@b.test>: mailbox unavailable'))).toBe('5.1.1');
    expect(chooseStatus('5.2.2', normalise('550 5.1.1 whatever'))).toBe('5.2.2');
    // A relay quoting the remote reply: the remote server's own code is the last one known.
    expect(chooseStatus('5.0.0 (permanent failure)', normalise("5.1.0 - Unknown address error 550-'5.2.2 <a@b.test>... Mailbox Full'"))).toBe('5.2.2');
    expect(chooseStatus(undefined, normalise('554 delivery error'))).toBe('5.0.0');
  });

  it('reads the wording when the code is only a class, and never blames the address for a block', () => {
    expect(reason('554 Service unavailable; client host [192.0.2.1] blocked using zen.rbl.test', '5.0.0')).toBe('blocked');
    expect(reason('550 Message rejected as spam by content filter', '5.0.0')).toBe('spamdetected');
    expect(reason('421 Too many concurrent connections from your IP, try later', '4.0.0')).toBe('toomanyconn');
    expect(reason('550 5.7.1 Message refused by local policy', '5.0.0')).toBe('policyviolation');
    expect(reason('550 5.1.1 your IP is on our block list', '5.1.1')).toBe('blocked');
    expect(reason('554 5.0.0 Transaction failed', '5.0.0')).toBe('undefined');
  });

  it('takes the stage of the session into account', () => {
    // Refused at MAIL FROM: it is our sender address, whatever the words say.
    expect(reason('550 5.1.0 <bounces@digest.test> does not exist (in reply to MAIL FROM command)')).toBe('rejected');
    expect(reason('SMTP error from remote mail server after MAIL FROM:<b@digest.test>: 550 Unroutable sender address')).toBe('rejected');
    // Refused at connection or HELO: our IP or our name.
    expect(reason('SMTP error from remote mail server after initial connection: 571 No PTR Record found')).toBe('blocked');
    expect(reason('550 user unknown (in reply to HELO command)')).toBe('blocked');
    // "No such user" in reply to DATA is a filter talking.
    expect(reason('>>> DATA <<< 550 Unknown user reader@readers.test')).toBe('filtered');
    // The same words in reply to RCPT TO are a directory lookup, in a Postfix report that says so...
    expect(diagnose({ diagnostic: '550 Unknown user reader@readers.test (in reply to RCPT TO command)', dialect: 'postfix' }).reason).toBe('userunknown');
    // ...while the same fragment in a report Postfix did not write is someone else's session, quoted.
    expect(reason('550 Unknown user reader@readers.test (in reply to RCPT TO command)')).toBe('filtered');
    expect(reason('SMTP error from remote mail server after RCPT TO:<reader@readers.test>: 550 Unknown user')).toBe('userunknown');
    // With no stage and no code saying so, the common wording goes no further than a filter...
    expect(reason('550 Unknown user reader@readers.test', '5.0.0')).toBe('filtered');
    // ...while a system's own wording for its own directory is believed, in that system's report only.
    expect(diagnose({ diagnostic: 'User Ada (ada@corp.test) not listed in Domino Directory', dialect: 'domino' }).reason).toBe('userunknown');
    expect(diagnose({ diagnostic: 'User Ada (ada@corp.test) not listed in Domino Directory', dialect: 'exim' }).reason).toBe('filtered');
    expect(reason('User Ada (ada@corp.test) not listed in Domino Directory')).toBe('filtered');
    // A provider's sentence about an account, without a stage or a code, is no more than the common wording.
    expect(diagnose({ diagnostic: "This user doesn't have a yahoo.test account (a@yahoo.test) [0]", dialect: 'yahoo-aol' }).reason).toBe('filtered');
    expect(diagnose({ diagnostic: "554 delivery error: dd This user doesn't have a yahoo.test account [RCPT_TO]", dialect: 'yahoo-aol' }).reason).toBe('userunknown');
  });

  it('never reads a machine that is unavailable as a mailbox that does not exist', () => {
    expect(reason('Recipient server unavailable or busy', '4.4.4')).toBe('networkerror');
    expect(reason('Recipient server unavailable or busy')).not.toBe('userunknown');
    expect(diagnose({ diagnostic: '550 Recipient <a@b.test> unavailable (in reply to RCPT TO command)', dialect: 'postfix' }).reason).toBe('userunknown');
    // Postfix's temporary DNS failure is not a domain that does not exist; the permanent one is.
    expect(reason('Name service error for domain b.test: Host not found, try again')).toBe('networkerror');
    expect(reason('Host or domain name not found. Name service error for name=b.test type=A: Host not found')).toBe('hostunknown');
    // A mailbox switched off is not gone.
    expect(reason('550 Mailbox unavailable or access denied - <a@b.test> (in reply to RCPT TO command)')).toBe('suspend');
  });

  it('reads a temporary code as temporary: never a mailbox or domain that does not exist', () => {
    expect(reasonOfCode('5.4.4')).toBe('hostunknown');
    expect(reasonOfCode('4.4.4')).toBe('networkerror');
    expect(reasonOfCode('4.1.1')).toBeUndefined();
    expect(reason('450 4.1.1 <a@b.test>: Recipient address rejected: unverified address', '4.1.1')).not.toBe('userunknown');
  });

  it('never blames the address when a 5.1.1 reply names our sender, a relay, a quota or our IP', () => {
    const at = (words: string) => diagnose({ status: '5.1.1', diagnostic: `550 5.1.1 <a@b.test>: ${words}`, command: 'RCPT' }).reason;
    expect(at('Sender address has been blacklisted')).toBe('rejected');
    expect(at('sender email address rejected')).toBe('rejected');
    expect(at('Administrative prohibition')).toBe('rejected');
    expect(at('This server does not accept mail from your domain')).toBe('rejected');
    expect(at('this system is not configured to relay mail')).toBe('norelaying');
    expect(at("sorry, that domain isn't in my list of allowed rcpthosts")).toBe('norelaying');
    expect(at('the user has not enough storage space left')).toBe('mailboxfull');
    expect(at('esmtp not accepting connections')).toBe('blocked');
    // Advice to look in a spam folder is not a spam block.
    expect(at('Mailbox does not exist - please check for spam')).toBe('userunknown');
    expect(at('Message rejected as spam')).toBe('spamdetected');
    // A domain that takes no mail at all is still about the address.
    expect(diagnose({ diagnostic: '556 5.1.10 domain b.test does not accept mail (null MX)' }).reason).toBe('notaccept');
  });

  it('lets a precise code about something else outweigh wording about the address', () => {
    expect(reason('553 5.1.8 sender domain does not exist: no such user', '5.1.8')).toBe('rejected');
    expect(reason('552 5.2.2 user over quota', '5.2.2')).toBe('mailboxfull');
    expect(reason('550 5.1.1 mailbox is full', '5.1.1')).toBe('mailboxfull');
  });

  it("reads a family's own codes by its own table: Exchange Online's 5.4.1 and 5.7.6xx are not about the address", () => {
    const microsoft = (diagnostic: string, status: string) => diagnose({ diagnostic, status, dialect: 'microsoft', command: 'RCPT' }).reason;
    expect(microsoft('550 5.4.1 Recipient address rejected: Access denied. AS(201806281)', '5.4.1')).toBe('norelaying');
    expect(microsoft('550 5.7.606 Access denied, banned sending IP [192.0.2.25]', '5.7.606')).toBe('blocked');
    expect(microsoft('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', '5.1.10')).toBe('userunknown');
    // Elsewhere the same words at RCPT TO are a recipient lookup, as other systems mean them.
    expect(diagnose({ diagnostic: '550 5.4.1 Recipient address rejected: Access denied', status: '5.4.1', command: 'RCPT' }).reason).toBe('userunknown');
  });

  it('finds the SMTP stage in the many ways reports write it', () => {
    expect(commandIn(normalise('SMTP error from remote mail server after RCPT TO:<a@b.test>:'))).toBe('RCPT');
    expect(commandIn(normalise('said: 550 go away (in reply to end of DATA command)'))).toBe('DATA');
    expect(commandIn(normalise('192.0.2.1 does not like recipient.'))).toBe('RCPT');
    expect(commandIn(normalise('Remote host said: 554 delivery error [RCPT_TO]'))).toBe('RCPT');
    // A transcript: the command sent just before the first refusal.
    expect(commandIn(normalise('>>> MAIL From:<a@b.test>\n<<< 250 ok\n>>> RCPT To:<c@d.test>\n<<< 550 5.1.1 no\n>>> DATA'))).toBe('RCPT');
    expect(commandIn(normalise('SMTP error from remote server after RCPT command:\nhost mx.b.test: 550 user unknown'))).toBe('RCPT');
    expect(commandIn(normalise('SMTP:RCPT host 192.0.2.7: 553 5.3.0 <a@b.test>... No such user here'))).toBe('RCPT');
    expect(commandIn(normalise('RCPT TO generated following response:\n553 5.3.0 <a@b.test>... Addressee unknown'))).toBe('RCPT');
    expect(commandIn(normalise('Server response to MAIL FROM:\n553 sender unknown'))).toBe('MAIL');
    expect(commandIn(normalise('SMTP error from remote server after MAIL command'))).toBe('MAIL');
    expect(commandIn(normalise('the mail after mail was read'))).toBeUndefined();
    expect(commandIn(normalise('nothing about it'))).toBeUndefined();
  });

  it('maps only precise codes to reasons', () => {
    expect(reasonOfCode('5.1.1')).toBe('userunknown');
    expect(reasonOfCode('4.2.2')).toBe('mailboxfull');
    expect(reasonOfCode('5.1.7')).toBe('rejected');
    expect(reasonOfCode('5.7.26')).toBe('securityerror');
    expect(reasonOfCode('5.0.0')).toBeUndefined();
    expect(reasonOfCode('5.1.0')).toBeUndefined();
  });

  it('says what each refusal means for status', () => {
    expect(describeRefusal('policyviolation', 'gmail.com')).toBe('blocked by gmail.com for policy');
    expect(describeRefusal('toomanyconn', 'yahoo.com')).toBe('blocked by yahoo.com for our sending rate');
  });
});

describe('severity and codes', () => {
  it.each([
    ['failed', 'userunknown', 'hard'],
    ['failed', 'hostunknown', 'hard'],
    ['failed', 'mailboxfull', 'soft'],
    ['failed', 'suspend', 'soft'],
    ['failed', 'blocked', 'refused'],
    ['failed', 'undefined', 'refused'],
    ['delayed', 'userunknown', 'delayed'],
    ['relayed', 'undefined', 'delivered'],
  ] as const)('%s %s is %s', (action, why, expected) => {
    expect(severityOf(action, why)).toBe(expected);
  });

  it('reads codes from SMTP replies, not from IP addresses, ports, times or other numbers', () => {
    expect(statusFrom('smtp; 550-5.1.1 The mailbox')).toBe('5.1.1');
    expect(statusFrom('Sorry, no mailbox here by that name. (#5.1.1)')).toBe('5.1.1');
    expect(statusFrom('smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound')).toBe('5.1.10');
    expect(statusFrom('host [192.0.2.30] said: 552 too big')).toBe('5.0.0');
    expect(statusFrom('connect to 192.0.2.40 failed after 4.0 hours')).toBeUndefined();
    expect(replyCodeIn('[192.0.2.5]:25: socket error at 10:45:12')).toBeUndefined();
    expect(codesIn("5.1.0 - Unknown address error 550-'5.2.2 full'")).toEqual(['5.1.0', '5.2.2']);
  });
});
