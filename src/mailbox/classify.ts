import { verpId } from '../send/bounce-address.js';
import { severity, statusFrom, worse, type Severity } from './bounce-severity.js';
import { addressOf, type FieldGroup } from './report-fields.js';
import type { ReturnedMail } from './returned-mail.js';
import { safeDecode } from '../shared/uri-decode.js';
import { senderAuthentication, type SenderAuthentication } from './unsubscribe-auth.js';

/** Ids (the hex part of our Message-IDs) that a returned message names, to be looked up in the send ledgers. */
export type Refs = string[];

export type Verdict =
  | { kind: 'bounce'; severity: Severity; status: string | undefined; diagnostic: string | undefined; recipient: string | undefined; refs: Refs }
  | { kind: 'complaint'; feedbackType: string; refs: Refs }
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

const DAEMON = /^(mailer-daemon|mail-daemon|mailer_daemon|postmaster|mail\.delivery\.subsystem)@/i;
const BOUNCE_SUBJECT = /undeliver|undelivered|delivery status notification|delivery (has )?failed|failure notice|returned mail|returning message|could not be delivered|non-?delivery|not delivered|delivery failure/i;
/** Where a plain-text bounce starts quoting the original: nothing after it describes the failure. */
const COPY_MARKER = /^[ \t]*(?:-{2,}.*(?:copy of|original message|below this line|undelivered message).*|-{3,} ?original message ?-{3,}.*)$/im;

/**
 * Decides what a message in the bounce mailbox is, from its structure alone: a delivery status
 * notification (RFC 3464, or the plain-text kinds Exim, qmail and others send, recognised by
 * X-Failed-Recipients or a mailer-daemon sender with a bounce subject), an ARF complaint
 * (RFC 5965), an unsubscribe request sent to the List-Unsubscribe mailto address, or anything
 * else. Recipients are never guessed from free text: a bounce or complaint carries only the
 * ids of the original it names (Message-ID or X-Watch-Digest-ID in the returned headers, or a
 * VERP address), which the caller looks up in the send ledgers. Vacation replies, readers'
 * replies and spam are `other`, however much they mention our messages.
 */
export function classify(mail: ReturnedMail, addresses: MailboxAddresses): Verdict {
  if (mail.reportType === 'feedback-report' || mail.feedbackReport) return complaint(mail, addresses);
  if (mail.reportType === 'delivery-status' || mail.deliveryStatus.length > 0) return standardBounce(mail, addresses);
  const failed = mail.headers.get('x-failed-recipients');
  const fromDaemon = DAEMON.test(mail.from ?? '') || /^mailer-daemon@/i.test(mail.from ?? '');
  if (failed || (fromDaemon && BOUNCE_SUBJECT.test(mail.subject))) return plainBounce(mail, addresses, failed);
  if (mail.reportType) return { kind: 'other', reason: `a ${mail.reportType} report` };
  return unsubscribeRequest(mail, addresses) ?? { kind: 'other', reason: 'not a bounce, complaint or unsubscribe request' };
}

function standardBounce(mail: ReturnedMail, addresses: MailboxAddresses): Verdict {
  const [perMessage, ...perRecipient] = mail.deliveryStatus.length > 1 ? mail.deliveryStatus : [new Map(), ...mail.deliveryStatus];
  let worst: Severity | undefined;
  let chosen: FieldGroup | undefined;
  for (const group of perRecipient) {
    const status = statusFrom(group.get('status')) ?? statusFrom(group.get('diagnostic-code'));
    const outcome = severity(group.get('action'), status);
    if (!worst || worse(outcome, worst) !== worst) {
      worst = outcome;
      chosen = group;
    }
  }
  const refs = new Set(originalRefs(mail.originalHeaders));
  for (const field of ['x-original-message-id', 'original-envelope-id']) addRef(refs, messageHex(perMessage?.get(field)));
  addVerpRefs(refs, [...mail.recipients, addressOf(perMessage?.get('x-postfix-sender'))], addresses);
  return {
    kind: 'bounce',
    severity: worst ?? 'soft',
    status: statusFrom(chosen?.get('status')) ?? statusFrom(chosen?.get('diagnostic-code')),
    diagnostic: chosen?.get('diagnostic-code'),
    recipient: addressOf(chosen?.get('original-recipient')) ?? addressOf(chosen?.get('final-recipient')),
    refs: [...refs],
  };
}

/** Bounces without a delivery-status part: the code comes from the explanation above the quoted original. */
function plainBounce(mail: ReturnedMail, addresses: MailboxAddresses, failed: string | undefined): Verdict {
  const marker = COPY_MARKER.exec(mail.text);
  const explanation = marker ? mail.text.slice(0, marker.index) : mail.text.split(/^(?:Return-Path|Received):/im)[0]!;
  const quoted = mail.text.slice(explanation.length);
  const status = statusFrom(explanation);
  const refs = new Set(originalRefs([...mail.originalHeaders, inlineHeaders(quoted)]));
  addVerpRefs(refs, mail.recipients, addresses);
  const line = explanation.split('\n').find((l) => status && l.includes(status.replace(/\.0\.0$/, '')));
  return {
    kind: 'bounce',
    // A failure report says the message was given up; only its code says whether for good.
    severity: severity('failed', status),
    status,
    diagnostic: line?.trim(),
    recipient: failed?.split(',')[0]?.trim(),
    refs: [...refs],
  };
}

function complaint(mail: ReturnedMail, addresses: MailboxAddresses): Verdict {
  const report = mail.feedbackReport ?? new Map<string, string>();
  const refs = new Set(originalRefs(mail.originalHeaders));
  addVerpRefs(refs, [addressOf(report.get('original-mail-from'))], addresses);
  return { kind: 'complaint', feedbackType: (report.get('feedback-type') ?? 'abuse').toLowerCase(), refs: [...refs] };
}

function unsubscribeRequest(mail: ReturnedMail, addresses: MailboxAddresses): Verdict | undefined {
  const target = addresses.unsubscribe?.toLowerCase();
  if (!target || !mail.recipients.includes(target) || !mail.from) return undefined;
  if (isAutomatic(mail)) return { kind: 'other', reason: 'an automatic reply sent to the unsubscribe address' };
  const says = /\bunsubscribe\b/i.test(mail.subject);
  const shared = addresses.own.some((own) => own.toLowerCase() === target) || addresses.bounce?.toLowerCase() === target;
  if (shared && !says) return undefined;
  const candidate = /\bunsubscribe\s+(\S{8,})/i.exec(mail.subject)?.[1];
  const authentication = senderAuthentication(mail.authResults ?? [], mail.from, addresses.authServer);
  return { kind: 'unsubscribe', sender: mail.from, token: candidate && (safeDecode(candidate) ?? candidate), authentication };
}

/** RFC 3834 auto-replies and list traffic are never requests, whatever address they reach. */
function isAutomatic(mail: ReturnedMail): boolean {
  const auto = mail.headers.get('auto-submitted')?.toLowerCase();
  if (auto && auto !== 'no') return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(mail.headers.get('precedence') ?? '')) return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('list-id')) return true;
  return DAEMON.test(mail.from ?? '') || mail.headers.get('return-path') === '<>';
}

function originalRefs(groups: FieldGroup[]): string[] {
  const refs = new Set<string>();
  for (const headers of groups) {
    addRef(refs, messageHex(headers.get('message-id')));
    addRef(refs, /^\s*([0-9a-f]{32})\s*$/i.exec(headers.get('x-watch-digest-id') ?? '')?.[1]?.toLowerCase());
  }
  return [...refs];
}

/** Header lines of a quoted original in a plain-text bounce: only lines at the start of a line, never `> quoted` text. */
function inlineHeaders(quoted: string): FieldGroup {
  const fields: FieldGroup = new Map();
  for (const match of quoted.matchAll(/^(Message-ID|X-Watch-Digest-ID):[ \t]*(\S+)/gim)) {
    if (!fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!);
  }
  return fields;
}

function addVerpRefs(refs: Set<string>, candidates: Array<string | undefined>, addresses: MailboxAddresses): void {
  if (!addresses.bounce) return;
  for (const candidate of candidates) if (candidate) addRef(refs, verpId(candidate, addresses.bounce));
}

function addRef(refs: Set<string>, hex: string | undefined): void {
  if (hex) refs.add(hex);
}

function messageHex(messageId: string | undefined): string | undefined {
  return /^\s*<?([0-9a-f]{32})@[^>\s]+>?\s*$/i.exec(messageId ?? '')?.[1]?.toLowerCase();
}
