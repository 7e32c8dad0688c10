import { describe, expect, it } from 'vitest';
import { looksReturned } from '../../../src/mailbox/recognise.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';

/** A message with the given headers and text, as the mailbox would fetch it. */
const message = (headers: string, text: string) => readReturnedMail(`${headers}\nDate: Fri, 08 Mar 2024 10:06:00 +0000\n\n${text}`);

describe('what counts as returned mail without a delivery-status part', () => {
  it('takes mail from a reporting address that lists a recipient, whatever its subject', async () => {
    expect(looksReturned(await message('From: MAILER-DAEMON@mx.test\nSubject: Processing Error', 'Intended recipient: reader@isp.test\n\nIt could not be processed.'))).toBe(true);
    expect(looksReturned(await message('From: postmaster@mx.test', '<reader@isp.test>:\n\n<other@isp.test>:\n'))).toBe(true);
  });

  it('leaves a reporting address alone when it neither lists a recipient nor says anything failed', async () => {
    expect(looksReturned(await message('From: postmaster@mx.test\nSubject: Our new address', 'Please write to us at our new office from Monday.'))).toBe(false);
  });

  it('takes a subject and a text that both say delivery failed, from any sender, unless it is a reply', async () => {
    const text = 'Your message could not be delivered to the following recipients:\n\nreader@corp.test\n';
    expect(looksReturned(await message('From: scanner@gateway.test\nSubject: Delivery failure notification', text.replace('Your message', 'The mail')))).toBe(true);
    expect(looksReturned(await message('From: reader@corp.test\nSubject: Re: Delivery failure notification', `Why did I get this?\n\n> ${text}`))).toBe(false);
    // A note about "pending messages" that lists no recipient is not a report.
    expect(looksReturned(await message('From: admin@mailhost.test\nSubject: Mail delivery failed: 4 messages pending', 'Dear user,\n4 messages could not be delivered to your inbox. Log in to release them.'))).toBe(false);
  });

  it('reads a warning that delivery is only late as returned mail too', async () => {
    expect(looksReturned(await message('From: MAILER-DAEMON@mx.test\nSubject: Warning: message has not yet been delivered', 'Your message to:\n\treader@isp.test\n\nhas not yet been delivered.'))).toBe(true);
  });

  it('never takes an out-of-office reply for a bounce', async () => {
    expect(looksReturned(await message('From: reader@corp.test\nSubject: Out of office\nAuto-Submitted: auto-replied', 'I am away; your message could not be read until Monday.'))).toBe(false);
  });
});
