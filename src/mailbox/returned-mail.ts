import { simpleParser, type AddressObject } from 'mailparser';
import { parseFieldGroups, parseHeaderBlock, type FieldGroup } from './report-fields.js';

/** What the classifier needs from one message in the mailbox, read once from its source. */
export interface ReturnedMail {
  /** This message's own Message-ID, if it has one. */
  messageId: string | undefined;
  from: string | undefined;
  /** The name the sender signs with (`Mail Delivery System`), which often says more than the address. */
  fromName: string | undefined;
  subject: string;
  /** Addresses it was delivered to: To, Cc, Delivered-To, X-Original-To, Envelope-To (lower case). */
  recipients: string[];
  /** Raw values of the headers that mark automatic mail, by lower-case name. */
  headers: Map<string, string>;
  /** `delivery-status`, `feedback-report`, ... when the message is a multipart/report. */
  reportType: string | undefined;
  /** The message/delivery-status part: the per-message group first, then one per recipient. */
  deliveryStatus: FieldGroup[];
  /** The first group of the message/feedback-report part (ARF). */
  feedbackReport: FieldGroup | undefined;
  /** Every Original-Rcpt-To of that part (a field ARF allows more than once). */
  feedbackRecipients: string[];
  /** Headers of the returned original, from message/rfc822 or text/rfc822-headers parts. */
  originalHeaders: FieldGroup[];
  /** The plain-text body (the HTML one's text when there is no plain one). */
  text: string;
  /** Every Authentication-Results header, topmost (added last) first. */
  authResults: string[];
  /** Whether that text came from HTML alone (no plain-text report at all). */
  htmlOnly: boolean;
}

const KEPT_HEADERS = ['auto-submitted', 'precedence', 'x-autoreply', 'x-autorespond', 'x-auto-response-suppress', 'list-id', 'x-failed-recipients', 'return-path', 'x-ms-exchange-message-is-ndr', 'x-message-delivery', 'x-message-info'];
const ORIGINAL_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);
const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

export async function readReturnedMail(source: Buffer | string): Promise<ReturnedMail> {
  const parsed = await simpleParser(source, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const headers = new Map<string, string>();
  const lines = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    lines.set(key, [...(lines.get(key) ?? []), value]);
    if (KEPT_HEADERS.includes(key) && !headers.has(key)) headers.set(key, value);
  }
  const recipients = new Set<string>();
  for (const list of [parsed.to, parsed.cc]) {
    for (const group of ([] as AddressObject[]).concat(list ?? [])) for (const { address } of group.value) if (address) recipients.add(address.toLowerCase());
  }
  for (const key of ['delivered-to', 'x-original-to', 'envelope-to']) {
    for (const value of lines.get(key) ?? []) recipients.add(value.replace(/^<|>$/g, '').toLowerCase());
  }

  const deliveryStatus: FieldGroup[] = [];
  const originalHeaders: FieldGroup[] = [];
  let feedbackReport: FieldGroup | undefined;
  const feedbackRecipients: string[] = [];
  for (const part of parsed.attachments) {
    const type = part.contentType.toLowerCase();
    const text = part.content.toString('utf8');
    if (STATUS_TYPES.has(type)) deliveryStatus.push(...parseFieldGroups(text));
    else if (type === 'message/feedback-report') {
      feedbackReport ??= parseFieldGroups(text)[0];
      for (const match of text.matchAll(/^Original-Rcpt-To:[ \t]*(.+)$/gim)) feedbackRecipients.push(match[1]!.trim());
    }
    else if (ORIGINAL_TYPES.has(type)) originalHeaders.push(parseHeaderBlock(text));
  }
  // Parts a sender labelled oddly (`text/plain charset=...` folded wrong) still hold the report.
  const inlineText = parsed.attachments
    .filter((part) => /^text\/(?!html|rfc822-headers)/i.test(part.contentType) && part.contentDisposition !== 'attachment')
    .map((part) => part.content.toString('utf8'));
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return {
    messageId: parsed.messageId,
    from: parsed.from?.value[0]?.address?.toLowerCase(),
    fromName: parsed.from?.value[0]?.name || undefined,
    subject: parsed.subject ?? '',
    recipients: [...recipients],
    headers,
    reportType: contentType?.value?.toLowerCase() === 'multipart/report' ? contentType.params?.['report-type']?.toLowerCase() : undefined,
    deliveryStatus,
    feedbackReport,
    feedbackRecipients,
    originalHeaders,
    text: [...inlineText, parsed.text || textOfHtml(html)].filter(Boolean).join('\n') || bodyOf(source, parsed.attachments.length),
    htmlOnly: !parsed.text && inlineText.length === 0 && Boolean(html),
    authResults: lines.get('authentication-results') ?? [],
  };
}

/**
 * Enough of an HTML-only report to read its wording: tags out, entities of addresses back.
 * Scripts, styles and head are dropped whole; nothing here renders, so nothing more is needed.
 */
function textOfHtml(html: string): string {
  return html
    .slice(0, 256 * 1024)
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<(?:br|\/p|\/div|\/tr|\/li|\/h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** A multipart message whose parts never start (no boundary lines) is, to its reader, its raw body. */
function bodyOf(source: Buffer | string, parts: number): string {
  if (parts > 0) return '';
  const text = typeof source === 'string' ? source.slice(0, 256 * 1024) : source.subarray(0, 256 * 1024).toString('utf8');
  const start = /\r?\n\r?\n/.exec(text);
  return start ? text.slice(start.index + start[0].length) : '';
}
