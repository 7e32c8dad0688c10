import { severityOf, type Severity } from './bounce-severity.js';
import { diagnose, type SmtpCommand } from './diagnose.js';
import { explanationOf, recipientBlocks, type RecipientBlock } from './explanation.js';
import { readFeedback, type FeedbackVerdict } from './feedback.js';
import { readSesNotification, type SesNotification } from './ses-notification.js';
import { addRef, addVerpRefs, inlineHeaders, messageHex, originalRefs, type Refs } from './original-refs.js';
import { dialectByHeaders, dialectNamed } from './dialects/index.js';
import type { Reason } from './reasons.js';
import { dialectOf, looksReturned, saysDelayed } from './recognise.js';
import { addressOf, parseFieldGroups, type FieldGroup } from './report-fields.js';
import type { ReturnedMail } from './returned-mail.js';
import type { SenderAuthentication } from './unsubscribe-auth.js';
import { unsubscribeRequest } from './unsubscribe-request.js';

export type { Refs } from './original-refs.js';

/** What a returned message says of one recipient. */
export interface RecipientResult {
  recipient: string | undefined;
  severity: Severity;
  reason: Reason;
  status: string | undefined;
  command: SmtpCommand | undefined;
  diagnostic: string | undefined;
}

export type Verdict =
  | { kind: 'bounce'; results: RecipientResult[]; refs: Refs }
  | FeedbackVerdict
  | { kind: 'unsubscribe'; sender: string; token: string | undefined; authentication: SenderAuthentication }
  | { kind: 'other'; reason: string };

export interface MailboxAddresses {
  /** `bounce.address`: VERP tags on it name the original message. */
  bounce: string | undefined;
  /** `unsubscribe.mailto`. */
  unsubscribe: string | undefined;
  /** From and Reply-To: when the unsubscribe address is one of these, a request must say "unsubscribe". */
  own: string[];
  /** `mailbox.authServer`: the receiving server whose Authentication-Results are trusted. */
  authServer?: string | undefined;
}

/**
 * Decides what a message in the bounce mailbox is: a feedback report (ARF, with or without its
 * part; RFC 6591 authentication-failure reports apart), a delivery status notification
 * (RFC 3464), a returned message without one (recognised by its system's wording or by its
 * sender), an unsubscribe request sent to the List-Unsubscribe mailto address, or anything
 * else. Bounces carry, per recipient, the reason in Sisimai's vocabulary and what it means for
 * the address. Readers are never guessed from free text: a bounce or complaint carries only the
 * ids of the original it names (Message-ID or X-Watch-Digest-ID in the returned headers, or a
 * VERP address), which the caller looks up in the send ledgers. Works on a truncated source.
 */
export function classify(mail: ReturnedMail, addresses: MailboxAddresses): Verdict {
  const ses = readSesNotification(mail.text);
  if (ses) return fromSes(ses, addresses);
  const hasStatus = mail.reportType === 'delivery-status' || mail.deliveryStatus.length > 0;
  const returned = hasStatus || looksReturned(mail);
  const feedback = readFeedback(mail, addresses.bounce, returned);
  if (feedback) return feedback;
  if (returned) return bounce(mail, addresses);
  if (mail.reportType) return { kind: 'other', reason: `a ${mail.reportType} report` };
  return unsubscribeRequest(mail, addresses) ?? { kind: 'other', reason: 'not a bounce, complaint or unsubscribe request' };
}

/** An Amazon SES notification: its recipients read as a DSN's, its original named by the headers SES kept. */
function fromSes(ses: SesNotification, addresses: MailboxAddresses): Verdict {
  const refs = originalRefs([ses.headers]);
  addVerpRefs(refs, [ses.headers.get('return-path')], addresses.bounce);
  if (ses.type === 'complaint') {
    return { kind: 'complaint', feedbackType: ses.feedbackType?.toLowerCase() ?? 'abuse', recipients: ses.recipients.map((r) => r.get('final-recipient')!).filter(Boolean), refs: [...refs] };
  }
  return { kind: 'bounce', results: ses.recipients.map((group) => fromStatusGroup(group, [], [])), refs: [...refs] };
}

function bounce(mail: ReturnedMail, addresses: MailboxAddresses): Verdict {
  const explanation = explanationOf(mail.text);
  const quoted = mail.text.slice(explanation.length);
  const refs = originalRefs([...mail.originalHeaders, inlineHeaders(quoted)]);
  const all = mail.deliveryStatus.length ? mail.deliveryStatus : statusFieldsIn(explanation);
  const groups = all.filter(isPerRecipient);
  const perMessage = all.find((group) => !isPerRecipient(group));
  for (const field of ['x-original-message-id', 'original-envelope-id']) addRef(refs, messageHex(perMessage?.get(field)));
  addVerpRefs(refs, [...mail.recipients, addressOf(perMessage?.get('x-postfix-sender'))], addresses.bounce);

  const failed = (mail.headers.get('x-failed-recipients') ?? '').split(',').map((a) => a.trim()).filter((a) => a.includes('@'));
  const dialect = dialectOfReport(mail, explanation);
  const known = groups.map((group) => recipientOf(group, failed, dialect)).filter((r): r is string => Boolean(r));
  const blocks = recipientBlocks(explanation, known.length ? known : plainRecipients(explanation, failed, notRecipients(mail, addresses)), notRecipients(mail, addresses));
  const results = groups.length ? groups.map((group) => fromStatusGroup(group, failed, blocks, dialect)) : blocks.map((block) => fromPlainText(block, mail.subject, explanation, dialect));
  return { kind: 'bounce', results, refs: [...refs] };
}

/**
 * The family that wrote the report. A report that came only as HTML has lost the layout its
 * family is known by, so none is taken from it: only the wording every family shares is read.
 */
function dialectOfReport(mail: ReturnedMail, explanation: string): string | undefined {
  if (mail.htmlOnly) return undefined;
  return dialectByHeaders(mail.headers) ?? dialectOf(explanation);
}

const isPerRecipient = (group: FieldGroup) => group.has('action') || group.has('status') || group.has('final-recipient') || group.has('original-recipient');

/** DSN fields a report writes into its text instead of a part of their own (WorkMail, PMDF, broken MIME). */
function statusFieldsIn(text: string): FieldGroup[] {
  const at = /^(?:Reporting-MTA|Final-Recipient|Original-Recipient|Action):[ \t]*\S/im.exec(text)?.index;
  return at === undefined ? [] : parseFieldGroups(text.slice(at, at + 16384)).filter((group) => group.has('reporting-mta') || isPerRecipient(group));
}

/** One per-recipient group of a DSN, read with what the human-readable part says of the same address. */
function fromStatusGroup(group: FieldGroup, failed: readonly string[], blocks: readonly RecipientBlock[], dialect?: string): RecipientResult {
  const recipient = recipientOf(group, failed, dialect);
  const block = blocks.find((b) => b.recipient?.toLowerCase() === recipient?.toLowerCase()) ?? (blocks.length === 1 ? blocks[0] : undefined);
  const diagnostic = group.get('diagnostic-code');
  const diagnosis = diagnose({ status: group.get('status'), diagnostic: diagnostic ?? '', context: block?.text, dialect });
  return { recipient, severity: severityOf(group.get('action'), diagnosis.reason), ...diagnosis, diagnostic: oneLine(diagnostic ?? block?.text) };
}

function fromPlainText(block: RecipientBlock, subject: string, explanation: string, dialect: string | undefined): RecipientResult {
  const diagnosis = diagnose({ diagnostic: block.text, context: explanation, dialect });
  const severity = saysDelayed(subject, explanation) ? 'delayed' : severityOf('failed', diagnosis.reason);
  const line = block.text.split('\n').find((l) => /\b[45]\d\d\b|[45]\.\d{1,3}\.\d{1,3}/.test(l)) ?? block.text;
  return { recipient: block.recipient, severity, ...diagnosis, diagnostic: oneLine(line) };
}

/**
 * The recipients of a report without a DSN part: those of X-Failed-Recipients that its text
 * names, else the addresses its text lays out as recipients (a relay may list a rewritten
 * address in the header), else the header's.
 */
function plainRecipients(explanation: string, failed: readonly string[], skip: ReadonlySet<string>): string[] {
  const named = recipientBlocks(explanation, [], skip).flatMap((block) => (block.recipient ? [block.recipient] : []));
  const both = failed.filter((address) => named.some((n) => n.toLowerCase() === address.toLowerCase()));
  return both.length ? both : named.length && failed.length ? named : [...failed];
}

/**
 * Final-Recipient when it is an address (Exim may put a file path there), else the others; first
 * the field the reporting family names the sender's address in, when that is another.
 */
function recipientOf(group: FieldGroup, failed: readonly string[], dialect?: string): string | undefined {
  const preferred = dialectNamed(dialect)?.recipientField;
  for (const field of [...(preferred ? [preferred] : []), 'final-recipient', 'x-actual-recipient', 'original-recipient']) {
    const address = addressOf(group.get(field));
    if (address && /^[^\s@/]+@[^\s@/]+$/.test(address)) return address;
  }
  return failed.length === 1 ? failed[0] : undefined;
}

/** Addresses a report names that are never the failed recipient: ours and the reporter's. */
function notRecipients(mail: ReturnedMail, addresses: MailboxAddresses): Set<string> {
  return new Set([addresses.bounce, addresses.unsubscribe, ...addresses.own, mail.from].filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()));
}

function oneLine(text: string | undefined): string | undefined {
  const line = text?.replace(/\s+/g, ' ').trim().slice(0, 300);
  return line || undefined;
}
