import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { boundedSource, MAX_MESSAGE_BYTES, PART_BYTES, partsQuery } from '../../../src/mailbox/message-parts.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';

const header = 'From: MAILER-DAEMON@mx.example.net\r\nTo: bounces@digest.test\r\nSubject: Undelivered Mail\r\nContent-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="orig"\r\nMIME-Version: 1.0\r\n\r\n';

/** An Exchange-like report: the text inside an alternative, then the status, then the original with a large attachment. */
const report: MessageStructureObject = {
  type: 'multipart/report',
  parameters: { 'report-type': 'delivery-status', boundary: 'orig' },
  childNodes: [
    { part: '1', type: 'multipart/alternative', childNodes: [
      { part: '1.1', type: 'text/plain', parameters: { charset: 'utf-8' }, encoding: 'quoted-printable', size: 300 },
      { part: '1.2', type: 'text/html', parameters: { charset: 'utf-8' }, encoding: 'quoted-printable', size: 3000 },
    ] },
    { part: '2', type: 'message/delivery-status', encoding: '7bit', size: 200 },
    { part: '3', type: 'message/rfc822', encoding: '7bit', size: 9_000_000 },
    { part: '4', type: 'text/plain', disposition: 'attachment', dispositionParameters: { filename: 'log.txt' }, size: 100 },
  ],
};

describe('what is read of a message', () => {
  it('asks for the header and only the parts a verdict needs, each capped', () => {
    expect(partsQuery(report)).toEqual([
      { key: 'HEADER', maxLength: 64 * 1024 },
      { key: '1.1', maxLength: PART_BYTES },
      { key: '2', maxLength: PART_BYTES },
      { key: '3', maxLength: PART_BYTES },
    ]);
    // An HTML-only report: its HTML part is the text to read.
    const htmlOnly: MessageStructureObject = { type: 'multipart/mixed', childNodes: [{ part: '1', type: 'text/html', size: 9000 }, { part: '2', type: 'image/png', size: 9_000_000 }, { part: '3', type: 'text/rfc822-headers', size: 900 }] };
    expect(partsQuery(htmlOnly)).toEqual([{ key: 'HEADER', maxLength: 64 * 1024 }, { key: '1', maxLength: PART_BYTES }, { key: '3', maxLength: PART_BYTES }]);
    expect(partsQuery({ type: 'text/plain', size: 50_000_000 })).toEqual([{ key: 'HEADER', maxLength: 64 * 1024 }, { key: 'TEXT', maxLength: PART_BYTES }]);
    expect(partsQuery(undefined)).toBe('source');
  });

  it('builds a bounded source that parses to the same report, cutting what was cut short at a whole line', async () => {
    const original = `Message-ID: <${'1'.repeat(32)}@digest.test>\r\nSubject: Talks resume\r\n\r\n${'x'.repeat(70)}\r\n`.repeat(1 + PART_BYTES / 100);
    const parts = new Map([
      ['1.1', Buffer.from('Delivery has failed to these recipients:=0D=0A gone@corp.test\r\n')],
      ['2', Buffer.from('Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; gone@corp.test\r\nAction: failed\r\nStatus: 5.1.1\r\n')],
      ['3', Buffer.from(original.slice(0, PART_BYTES))],
    ]);
    const source = boundedSource(report, { headers: Buffer.from(header), bodyParts: parts });
    expect(source.length).toBeLessThan(MAX_MESSAGE_BYTES);
    const mail = await readReturnedMail(source);
    expect(mail).toMatchObject({ subject: 'Undelivered Mail', reportType: 'delivery-status', from: 'mailer-daemon@mx.example.net' });
    expect(mail.text).toMatch(/Delivery has failed to these recipients:\r?\n gone@corp.test/);
    expect(mail.deliveryStatus.map((group) => Object.fromEntries(group))).toEqual([{ 'reporting-mta': 'dns; mx.example.net' }, { 'final-recipient': 'rfc822; gone@corp.test', action: 'failed', status: '5.1.1' }]);
    expect(mail.originalHeaders.map((group) => group.get('message-id'))).toEqual([`<${'1'.repeat(32)}@digest.test>`]);
    // The original was cut at its last whole line, never inside one.
    expect(source.toString('latin1')).not.toMatch(/x{1,69}\r\n--=_wd_/);
  });

  it('keeps a single-part message as it is, up to the cap, and the start of a source when there is no structure', () => {
    const text = Buffer.from('line\r\n'.repeat(PART_BYTES));
    const single = boundedSource({ type: 'text/plain' }, { headers: Buffer.from('Subject: hi\r\n\r\n'), bodyParts: new Map([['text', text.subarray(0, PART_BYTES)]]) });
    expect(single.toString()).toMatch(/^Subject: hi\r\n\r\n(line\r\n)+$/);
    expect(single.length).toBe('Subject: hi\r\n\r\n'.length + PART_BYTES - (PART_BYTES % 6));
    expect(boundedSource(undefined, { source: Buffer.from('Subject: s\r\n\r\nbody\r\n') }).toString()).toBe('Subject: s\r\n\r\nbody\r\n');
  });
});
