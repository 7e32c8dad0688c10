import { DIALECTS } from './dialects/index.js';
import { namesRecipient } from './explanation.js';
import type { ReturnedMail } from './returned-mail.js';

/** Addresses that write nothing but delivery reports: mail from one is returned mail when it names a recipient or a failure. */
const REPORTER_ADDRESS = /^(?:mailer[-_]?daemon|mail[-_]?daemon|postmaster|mail\.?delivery\.?subsystem|mdaemon|mailerdaemon)(?:[+=][^@]*)?(?:@|$)/i;
/** Senders that only ever write reports: by address, or by the name they sign with. */
const DAEMON_ADDRESS = /^(?:mailer[-_]?daemon|mail[-_]?daemon|postmaster|mail\.?delivery\.?subsystem|mdaemon|mailerdaemon|bounces?|returns?)(?:[+=][^@]*)?(?:@|$)/i;
const DAEMON_NAME = /\b(?:mail deliver(?:y|ing)? (?:system|subsystem|service|agent)|mailer[- ]?daemon|postmaster|mail administrator|system administrator|delivery (?:status|subsystem|notification)|mail delivery)\b/i;
/** Subjects of returned mail in the languages most servers speak. */
const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery status|delivery (?:has )?fail|failure notice|failed delivery|returned mail|return(?:ed|ing)(?: message)? to sender|returning message|mail failed|automatically rejected|could not be delivered|couldn't be delivered|non-?delivery|not delivered|delivery failure|delivery notification|nondeliverable|mail system error|delivery problem|mail delivery|delivery report|message (?:not|couldn't be) delivered|delayed mail|delivery delayed|\bdelayed\b|\bbounced?\b|unzustellbar|nicht zugestellt|non remis|non recapitabile|no entregado|no se pudo entregar|niet afgeleverd|недоставлен|не доставлено|未達|配信不能/i;
/** Wording of a report that something could not be delivered. */
const FAILURE_WORDING =
  /(?:could not|couldn't|cannot|can't|unable to|was not|wasn't|has not been|did not|failed to|not be) (?:be )?(?:deliver|reach|transmit|relay)|undeliverable|delivery (?:to [^\n]{0,80} )?(?:has )?failed|permanent (?:error|failure)|fatal error|not delivered|returned to (?:the )?sender|(?:^|[\s"'(])5[0-5]\d[ -]\d?|remote (?:host|server) (?:said|replied|returned)|failed recipients?|smtp error|requested action not taken|(?:was|were|has been) (?:automatically )?rejected|has not yet been delivered|has been postponed|error while being processed/im;
/** Subjects that only people and autoresponders write. */
const AUTO_REPLY_SUBJECT = /^(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|out of (?:the )?office|vacation|abwesenheit|absence|réponse automatique|respuesta automática|risposta automatica|away from)|\b(?:out of office|autoreply|auto-reply|auto reply)\b/i;

/** Whether a dialect's own wording (a signature only bounces carry) is in the text. */
export function dialectOf(text: string): string | undefined {
  const head = text.slice(0, 16384);
  return DIALECTS.find((dialect) => dialect.signatures.some((signature) => signature.test(head)))?.name;
}

/**
 * Whether a message without a delivery-status part is still returned mail: an Exim-style
 * X-Failed-Recipients header, a report in a known system's words, or a sender that only writes
 * reports (by address or by name: many are not `MAILER-DAEMON`) with a failure in its subject
 * or its text; a message with an empty Return-Path and an attached original whose subject or
 * text says it failed counts too. A reader's reply or an out-of-office notice never does,
 * however much it quotes our message.
 */
export function looksReturned(mail: ReturnedMail): boolean {
  if (mail.headers.has('x-failed-recipients')) return true;
  const text = mail.text.slice(0, 16384);
  if (dialectOf(text)) return true;
  const failed = FAILURE_WORDING.test(text) || saysDelayed('', text);
  if (REPORTER_ADDRESS.test(mail.from ?? '') && (failed || BOUNCE_SUBJECT.test(mail.subject) || namesRecipient(text))) return true;
  const daemon = DAEMON_ADDRESS.test(mail.from ?? '') || DAEMON_NAME.test(mail.fromName ?? '');
  if (daemon && (BOUNCE_SUBJECT.test(mail.subject) || failed)) return true;
  if (AUTO_REPLY_SUBJECT.test(mail.subject) || isAutoReplyHeader(mail)) return false;
  const nullSender = /^<\s*>$/.test(mail.headers.get('return-path') ?? '');
  const original = mail.originalHeaders.length > 0;
  if (!BOUNCE_SUBJECT.test(mail.subject) || !failed) return false;
  // A subject and a text that both say delivery failed, from an unknown sender: only a report
  // that lists a recipient (not someone's reply about it, nor a phishing note about "pending mail").
  const reply = /^(?:re|aw|sv|antw|fw|fwd|wg):/i.test(mail.subject.trim());
  return nullSender || original || (!reply && namesRecipient(text));
}

/** RFC 3834 auto-replies and vacation programs' own headers. */
export function isAutoReplyHeader(mail: ReturnedMail): boolean {
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return true;
  if (/^auto_reply$/i.test(mail.headers.get('precedence') ?? '')) return true;
  return /^auto-replied\b/i.test(mail.headers.get('auto-submitted') ?? '') && !mail.headers.has('x-failed-recipients');
}

/** Whether a plain-text report says delivery is only late, and will be tried again. */
export function saysDelayed(subject: string, explanation: string): boolean {
  if (/\b(?:delayed|delay(?:ed)? notification|warning: message|still being retried|temporary failure)\b/i.test(subject) && !/\bfail/i.test(subject)) return true;
  return /\b(?:has not yet been delivered|delivery (?:to the following recipients? )?has been delayed|will (?:continue to )?(?:try|retry)|no action is required on your part|this is a warning message only|delivery attempts will continue)\b/i.test(explanation);
}
