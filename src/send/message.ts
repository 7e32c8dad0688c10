import { createHmac } from 'node:crypto';
import { escapeUTF8 } from 'entities';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import type { Config } from '../config/schema.js';
import { PLACEHOLDERS } from '../issue/placeholders.js';
import { addressHeader } from './address-header.js';
import { envelopeSender } from './bounce-address.js';
import { greetingFor } from '../audience/greeting.js';
import type { Subscriber } from '../audience/subscribers.js';
import { signToken, unsubscribeUrl } from '../audience/unsubscribe-token.js';

export interface IssueForSending {
  week: string;
  subject: string;
  html: string;
  text: string;
}

export interface PreparedMessage {
  raw: string;
  messageId: string;
  envelope: { from: string; to: string[] };
}

export type Recipient = Pick<Subscriber, 'email' | 'key' | 'name' | 'fields'>;

export interface MessageOptions {
  config: Config;
  secret: string;
  /** The Date header, the same for the whole run. */
  date: Date;
  /** A test copy: "[TEST]" subject and a Message-ID of its own. */
  test?: boolean;
}

// Stand-ins that MailComposer leaves intact, swapped for each recipient's values.
const MARK = {
  to: 'wd-recipient@marker.invalid',
  messageId: '<wd-message-id@marker.invalid>',
  digestId: 'wd-digest-id-marker',
  listUnsubscribe: 'wd-list-unsubscribe-marker',
  text: 'WD-TEXT-BODY-MARKER',
  html: 'WD-HTML-BODY-MARKER',
};

/**
 * A body in quoted-printable, encoded once: the static text between placeholders is encoded
 * ahead of time, and each recipient's values are encoded on their own lines between soft line
 * breaks, so filling them in keeps every line within 76 characters without re-encoding the body.
 */
function preEncode(body: string): (values: Record<string, string>) => string {
  const parts = body.replace(/\r?\n/g, '\r\n').split(/(%%[A-Z_]+%%)/);
  const encoded = parts.map((part, i) => (i % 2 === 1 ? part : qp(part)));
  return (values) => encoded.map((part, i) => (i % 2 === 1 ? `=\r\n${qp(values[part] ?? part)}=\r\n` : part)).join('');
}

function qp(text: string): string {
  return qpWrap(qpEncode(text), 76);
}

/**
 * Builds the MIME message once per issue (nodemailer's MailComposer) and returns a function
 * that personalises it per recipient by substitution: To, Message-ID, List-Unsubscribe and the
 * placeholders in both parts. Much cheaper than composing MIME for every recipient.
 */
export async function createMessageFactory(issue: IssueForSending, options: MessageOptions): Promise<(recipient: Recipient) => PreparedMessage> {
  const { config } = options;
  const fromDomain = config.from.address.split('@')[1]!;
  const listId = `${slug(config.name)}.${fromDomain}`;
  const headers: Record<string, string> = {
    'List-Unsubscribe': MARK.listUnsubscribe,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${oneLine(config.name)} <${listId}>`,
    // Bulk mail, said plainly: Gmail asks for it, and Exchange, Gmail and most vacation
    // responders send no out-of-office replies to it (RFC 3834), which keeps them out of the
    // bounce mailbox. Outlook/Exchange also honour X-Auto-Response-Suppress.
    Precedence: 'bulk',
    'X-Auto-Response-Suppress': 'OOF, AutoReply',
    ...(config.feedbackId ? { 'Feedback-ID': config.feedbackId.replaceAll('{week}', issue.week) } : {}),
    // The Message-ID again, under a name providers leave alone: Amazon SES replaces Message-ID,
    // and a bounce or complaint that quotes the original headers is still matched by this one.
    'X-Watch-Digest-ID': MARK.digestId,
  };
  const composer = new MailComposer({
    from: { name: oneLine(config.from.name ?? config.name), address: config.from.address },
    ...(config.replyTo ? { replyTo: config.replyTo } : {}),
    to: MARK.to,
    subject: oneLine((options.test ? '[TEST] ' : '') + issue.subject),
    messageId: MARK.messageId,
    date: options.date,
    headers,
    text: { content: MARK.text, contentTransferEncoding: 'quoted-printable' },
    html: { content: MARK.html, contentTransferEncoding: 'quoted-printable' },
  });
  const template = (await composer.compile().build()).toString('utf8');
  const htmlBody = preEncode(issue.html);
  const textBody = preEncode(issue.text);
  const testStamp = options.test ? options.date.toISOString() : '';

  return (recipient) => {
    const token = signToken(recipient.key, options.secret);
    const url = unsubscribeUrl(config.unsubscribe.url, token);
    const greeting = config.greeting ? greetingFor(config.greeting, recipient.fields) : '';
    const values = (escape: (s: string) => string): Record<string, string> => ({
      [PLACEHOLDERS.unsubscribeUrl]: escape(url),
      [PLACEHOLDERS.greeting]: escape(greeting),
    });
    // Keyed with the secret, so nobody who merely knows an address can forge a bounce for it.
    const hex = createHmac('sha256', options.secret).update(`${issue.week}\n${recipient.key}\n${listId}\n${testStamp}`).digest('hex').slice(0, 32);
    const messageId = `<${hex}@${fromDomain}>`;
    // The token in the subject lets `mailbox` act on a request sent from another address.
    const mailto = config.unsubscribe.mailto ? `,\r\n <mailto:${config.unsubscribe.mailto}?subject=${encodeURIComponent(`unsubscribe ${token}`)}>` : '';
    // Function replacers: a `$&` in a subscriber's name must stay text, not a replacement pattern.
    const raw = template
      .replace(`To: ${MARK.to}`, () => addressHeader('To', recipient.name, recipient.email))
      .replace(MARK.messageId, () => messageId)
      .replace(MARK.digestId, () => hex)
      .replace(MARK.listUnsubscribe, () => `<${url}>${mailto}`)
      .replace(MARK.text, () => textBody(values((s) => s)))
      .replace(MARK.html, () => htmlBody(values(escapeUTF8)));
    return { raw, messageId, envelope: { from: envelopeSender(config, hex), to: [recipient.email] } };
  };
}

function oneLine(value: string): string {
  return value.replace(/[\s\u0085]+/g, ' ').trim();
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'newsletter';
}
