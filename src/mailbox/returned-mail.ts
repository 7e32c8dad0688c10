import { simpleParser, type AddressObject } from 'mailparser';
import { parseFieldGroups, parseHeaderBlock, type FieldGroup } from './report-fields.js';

/** What the classifier needs from one message in the mailbox, read once from its source. */
export interface ReturnedMail {
  /** This message's own Message-ID, if it has one. */
  messageId: string | undefined;
  from: string | undefined;
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
  /** Headers of the returned original, from message/rfc822 or text/rfc822-headers parts. */
  originalHeaders: FieldGroup[];
  /** The plain-text body. */
  text: string;
  /** Every Authentication-Results header, topmost (added last) first. */
  authResults: string[];
}

const KEPT_HEADERS = ['auto-submitted', 'precedence', 'x-autoreply', 'x-autorespond', 'x-auto-response-suppress', 'list-id', 'x-failed-recipients', 'return-path', 'x-ms-exchange-message-is-ndr'];
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
  for (const part of parsed.attachments) {
    const type = part.contentType.toLowerCase();
    const text = part.content.toString('utf8');
    if (STATUS_TYPES.has(type)) deliveryStatus.push(...parseFieldGroups(text));
    else if (type === 'message/feedback-report') feedbackReport ??= parseFieldGroups(text)[0];
    else if (ORIGINAL_TYPES.has(type)) originalHeaders.push(parseHeaderBlock(text));
  }
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return {
    messageId: parsed.messageId,
    from: parsed.from?.value[0]?.address?.toLowerCase(),
    subject: parsed.subject ?? '',
    recipients: [...recipients],
    headers,
    reportType: contentType?.value?.toLowerCase() === 'multipart/report' ? contentType.params?.['report-type']?.toLowerCase() : undefined,
    deliveryStatus,
    feedbackReport,
    originalHeaders,
    text: parsed.text ?? '',
    authResults: lines.get('authentication-results') ?? [],
  };
}
