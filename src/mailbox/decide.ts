import type { Verdict } from './classify.js';
import type { EventKind } from './mailbox-log.js';
import type { SentMessage } from './sent-messages.js';

/** What to do with one message: act on it (an event about an address), or leave it where it is. */
export type Decision =
  | { action: 'process'; kind: EventKind; email: string; week?: string; status?: string; detail?: string }
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
  const kind: EventKind = verdict.severity === 'hard' ? 'bounced-hard' : verdict.severity === 'soft' ? 'bounced-soft' : verdict.severity;
  const detail = [verdict.diagnostic, verdict.recipient && verdict.recipient.toLowerCase() !== sent.email.toLowerCase() ? `(reported for ${verdict.recipient})` : '']
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
  return { action: 'process', kind, email: sent.email, week: sent.week, ...(verdict.status ? { status: verdict.status } : {}), ...(detail ? { detail } : {}) };
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
