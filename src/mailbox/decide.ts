import { worse, type Severity } from './bounce-severity.js';
import type { RecipientResult, Verdict } from './classify.js';
import type { EventKind } from './mailbox-log.js';
import type { Reason } from './reasons.js';
import type { SentMessage } from './sent-messages.js';

/** What to do with one message: act on it (an event about an address), or leave it where it is. */
export type Decision =
  | { action: 'process'; kind: EventKind; email: string; week?: string; status?: string; reason?: Reason; detail?: string }
  | { action: 'leave'; reason: string; warn?: boolean };

export interface DecideContext {
  byId: ReadonlyMap<string, SentMessage>;
  /** The address a token was issued for, or undefined when it does not verify (or cannot be checked). */
  verifyToken: (token: string) => string | undefined;
  canVerifyTokens: boolean;
  /** Whether an address (lower case) is on the subscriber list. */
  isSubscriber: (email: string) => boolean;
}

/**
 * Turns a verdict into an action, matching bounces and complaints to the recipient the send
 * ledgers record for the ids they name. A report that names none of our messages, or several
 * different recipients, is left in the mailbox for a person to read.
 */
export function decide(verdict: Verdict, context: DecideContext): Decision {
  if (verdict.kind === 'other') return { action: 'leave', reason: verdict.reason };
  if (verdict.kind === 'unsubscribe') return decideUnsubscribe(verdict, context);
  if (verdict.kind === 'auth-failure') {
    return { action: 'leave', reason: `an authentication-failure report (RFC 6591, ${verdict.detail}), not a complaint: check SPF and DKIM of the sending domain`, warn: true };
  }

  const matches = new Map<string, SentMessage>();
  for (const id of verdict.refs) {
    const sent = context.byId.get(id);
    if (sent) matches.set(sent.email.toLowerCase(), sent);
  }
  const what = verdict.kind === 'bounce' ? 'a bounce' : 'a complaint';
  if (matches.size === 0) return { action: 'leave', reason: `${what} about a message that is not in any send ledger` };
  if (matches.size > 1) return { action: 'leave', reason: `${what} that names messages to ${[...matches.keys()].join(', ')}`, warn: true };
  const sent = [...matches.values()][0]!;

  if (verdict.kind === 'complaint') {
    const type = verdict.feedbackType;
    const kind: EventKind = type === 'not-spam' ? 'not-spam' : type === 'opt-out' || type === 'unsubscribe' ? 'unsubscribed' : 'complained';
    return { action: 'process', kind, email: sent.email, week: sent.week, detail: `feedback report (${type})` };
  }
  const result = resultFor(verdict.results, sent.email);
  if (!result) return { action: 'leave', reason: 'a bounce that names no recipient it failed for' };
  const detail = [result.diagnostic, result.recipient && result.recipient.toLowerCase() !== sent.email.toLowerCase() ? `(reported for ${result.recipient})` : '']
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
  return {
    action: 'process',
    kind: KIND[result.severity],
    email: sent.email,
    week: sent.week,
    reason: result.reason,
    ...(result.status ? { status: result.status } : {}),
    ...(detail ? { detail } : {}),
  };
}

const KIND: Record<Severity, EventKind> = { hard: 'bounced-hard', soft: 'bounced-soft', refused: 'refused', delayed: 'delayed', delivered: 'delivered' };

/** What the report says of the reader the ledger names; a report about one recipient is about them whatever address it shows (forwarding, aliases). */
function resultFor(results: readonly RecipientResult[], email: string): RecipientResult | undefined {
  const own = results.find((r) => r.recipient?.toLowerCase() === email.toLowerCase());
  if (own || results.length <= 1) return own ?? results[0];
  return results.reduce((a, b) => (worse(a.severity, b.severity) === a.severity ? a : b));
}

function decideUnsubscribe(verdict: Extract<Verdict, { kind: 'unsubscribe' }>, context: DecideContext): Decision {
  if (verdict.token && context.canVerifyTokens) {
    const email = context.verifyToken(verdict.token);
    if (email) return { action: 'process', kind: 'unsubscribed', email, detail: `request by mail from ${verdict.sender}, token verified` };
    return { action: 'leave', reason: `an unsubscribe request from ${verdict.sender} whose token does not verify`, warn: true };
  }
  // Without a token, only a From: line the receiving server authenticated names the reader (unsubscribe-auth.ts).
  const { authenticated, evidence } = verdict.authentication;
  if (!authenticated) return { action: 'leave', reason: `an unsubscribe request from ${verdict.sender} without a valid token, and its From: is not authenticated (${evidence})`, warn: true };
  if (context.isSubscriber(verdict.sender.toLowerCase())) return { action: 'process', kind: 'unsubscribed', email: verdict.sender, detail: `request by mail, ${evidence}` };
  return { action: 'leave', reason: `an unsubscribe request from ${verdict.sender}, who is not on the subscriber list`, warn: true };
}
