import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { addressHeader } from '../../../src/send/address-header.js';
import { verpId } from '../../../src/send/bounce-address.js';
import { createMessageFactory } from '../../../src/send/message.js';
import { verifyToken } from '../../../src/audience/unsubscribe-token.js';

const issue = { week: '2024-W10', subject: 'Subject', html: '<p>%%GREETING%%</p><a href="%%UNSUBSCRIBE_URL%%">x</a>', text: '%%GREETING%%\n%%UNSUBSCRIBE_URL%%\n' };
const date = new Date('2024-03-08T10:00:00Z');

async function prepare(configData: Record<string, unknown> = {}, name = 'Ada', secret = 's3cret') {
  const config = parseConfig({ name: 'Diplomacy Watch', from: { address: 'news@example.org' }, unsubscribe: { url: 'https://example.org/u?t={token}', mailto: 'leave@example.org' }, ...configData });
  const factory = await createMessageFactory(issue, { config, secret, date });
  return factory({ email: 'ada@example.com', key: 'ada@example.com', name, fields: { name } });
}

const headerBlock = (raw: string) => raw.split('\r\n\r\n')[0]!;
const headerLines = (raw: string) => headerBlock(raw).split('\r\n');

const NAMES = [
  'A'.repeat(1634),
  `Dr. ${'Bartholomew '.repeat(120)}the Third`,
  '佐藤 由紀',
  'Zoë Ångström-Øberg, Ph.D. — Direktorin für Außenpolitik und Sicherheitsfragen der Europäischen Union',
  '😀'.repeat(200),
  'Ελένη Παπαδοπούλου '.repeat(40),
  '"Quoted" \\ Name, with comma; and <angle> brackets',
];

describe('the To header', () => {
  it.each(NAMES)('keeps every line within 76 characters and the name intact: %#', async (name) => {
    const { raw } = await prepare({}, name);
    const lines = headerLines(raw);
    const to = lines.slice(lines.findIndex((l) => l.startsWith('To: ')));
    const toLines = [to[0]!, ...to.slice(1, to.findIndex((l, i) => i > 0 && !/^[ \t]/.test(l)))];
    expect(toLines.every((line) => line.length <= 76)).toBe(true);
    for (const word of toLines.join(' ').match(/=\?[^?]+\?[QB]\?[^?]*\?=/g) ?? []) expect(word.length).toBeLessThanOrEqual(75);
    expect(lines.every((line) => line.length <= 998)).toBe(true);
    const parsed = await simpleParser(raw);
    const to0 = parsed.to && 'value' in parsed.to ? parsed.to.value[0] : undefined;
    expect(to0?.address).toBe('ada@example.com');
    expect(to0?.name).toBe(name.replace(/\s+/g, ' ').trim());
  });

  it('quotes a short plain name on one line and leaves an empty name out', () => {
    expect(addressHeader('To', 'Ada Lovelace', 'ada@example.com')).toBe('To: "Ada Lovelace" <ada@example.com>');
    expect(addressHeader('To', '  \r\n ', 'ada@example.com')).toBe('To: ada@example.com');
  });
});

describe('bounce address, Feedback-ID and bulk headers', () => {
  it('uses From as the envelope sender when no bounce address is configured', async () => {
    const message = await prepare();
    expect(message.envelope.from).toBe('news@example.org');
  });

  it('uses the bounce address as the envelope sender, apart from From and Reply-To', async () => {
    const message = await prepare({ bounce: { address: 'bounces@mail.example.org' }, replyTo: 'editor@example.org' });
    expect(message.envelope).toEqual({ from: 'bounces@mail.example.org', to: ['ada@example.com'] });
    const parsed = await simpleParser(message.raw);
    expect(parsed.from?.text).toContain('news@example.org');
    expect(parsed.replyTo?.text).toBe('editor@example.org');
    expect(headerBlock(message.raw)).not.toMatch(/^Return-Path:/im);
  });

  it('gives each message its own VERP address that names its Message-ID', async () => {
    const message = await prepare({ bounce: { address: 'bounces@mail.example.org', verp: true } });
    const hex = message.messageId.slice(1, 33);
    expect(message.envelope.from).toBe(`bounces+${hex}@mail.example.org`);
    expect(verpId(message.envelope.from.toUpperCase(), 'bounces@mail.example.org')).toBe(hex);
    expect(verpId(`other+${hex}@mail.example.org`, 'bounces@mail.example.org')).toBeUndefined();
    expect(verpId('bounces@mail.example.org', 'bounces@mail.example.org')).toBeUndefined();
  });

  it('keys the Message-ID with the secret and repeats it in X-Watch-Digest-ID', async () => {
    const a = await prepare({}, 'Ada', 'one');
    const b = await prepare({}, 'Ada', 'two');
    expect(a.messageId).not.toBe(b.messageId);
    expect((await prepare({}, 'Someone', 'one')).messageId).toBe(a.messageId);
    expect(headerBlock(a.raw)).toContain(`X-Watch-Digest-ID: ${a.messageId.slice(1, 33)}`);
  });

  it('adds Feedback-ID with the week filled in, and Precedence: bulk', async () => {
    const { raw } = await prepare({ feedbackId: '{week}:diplomacy-watch:newsletter:example-org' });
    expect(headerBlock(raw)).toMatch(/^Feedback-ID: 2024-W10:diplomacy-watch:newsletter:example-org$/m);
    expect(headerBlock(raw)).toMatch(/^Precedence: bulk$/m);
    expect(headerBlock(raw)).toMatch(/^X-Auto-Response-Suppress: OOF, AutoReply$/m);
    expect(headerBlock((await prepare()).raw)).not.toMatch(/^Feedback-ID:/im);
  });

  it('rejects a Feedback-ID with spaces or line breaks', () => {
    expect(() => parseConfig({ feedbackId: 'a b' })).toThrow(/invalid config/);
    expect(() => parseConfig({ feedbackId: 'a\r\nBcc: x@example.net' })).toThrow(/invalid config/);
  });

  it('puts the signed token in the List-Unsubscribe mailto subject, folded after the URL', async () => {
    const { raw } = await prepare();
    const header = /^List-Unsubscribe: (.*(?:\r\n[ \t].*)*)/m.exec(headerBlock(raw))![1]!;
    expect(header).toContain(',\r\n <mailto:');
    const mailto = /<mailto:([^>]+)>/.exec(header)![1]!;
    const subject = new URL(`mailto:${mailto}`).searchParams.get('subject')!;
    expect(subject).toMatch(/^unsubscribe \S+$/);
    expect(verifyToken(subject.split(' ')[1]!, 's3cret')).toBe('ada@example.com');
  });
});
