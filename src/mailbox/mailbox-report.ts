import type { Suppression } from '../audience/suppression.js';
import { compact } from '../shared/compact.js';
import type { MailboxEvent } from './mailbox-log.js';
import type { Processed, RunPlan } from './plan-run.js';

/** A handled message as the report shows it: what the log records of it, and what this run did. */
export interface MailboxAction extends Pick<MailboxEvent, 'kind' | 'email' | 'week' | 'status' | 'reason' | 'detail'> {
  uid: number;
  subject: string;
  from: string | undefined;
  /** added: this run suppressed the address; already: it was suppressed before; no: not (yet) suppressed. */
  suppression: 'added' | 'already' | 'no';
  /** A soft bounce's run of issues in a row, when it is one. */
  softInARow?: number;
  /** Processed by an earlier run that stopped before moving it: not counted again. */
  repeat: boolean;
}

export interface Untouched {
  uid: number;
  subject: string;
  from: string | undefined;
  reason: string;
  warn: boolean;
}

/** Work a fault left undone; the next run does it, and counts nothing twice. */
export interface Unfinished {
  /** What went wrong, one line each. */
  faults: string[];
  /** Messages not read, or not to the end. */
  unread: number;
  /** Handled messages not yet marked, or not yet moved. */
  notFinished: number;
}

export interface MailboxReport {
  mailbox: string;
  folder: string;
  /** Messages read (and judged) by this run. */
  examined: number;
  /** Messages an earlier run read and judged, not read again. */
  skippedSeen: number;
  /** The folder's UIDVALIDITY changed since the last run: every message was read again (none counted twice). */
  uidValidityChanged: boolean;
  actions: MailboxAction[];
  untouched: Untouched[];
  /** Handled by an earlier run that could not move them; moved now. */
  finishedEarlier: number;
  suppressed: Suppression[];
  suppressionFile: string;
  logFile: string;
  /** The suppression file gained the reason columns. */
  upgraded: boolean;
  /** Where processed messages went: a folder, or `flagged` in place. */
  processedTo: string;
  /** Things the user should know that leave nothing undone. */
  notes: string[];
  /** Present when a fault left work for the next run: the command then fails. */
  unfinished?: Unfinished;
  dryRun: boolean;
}

/** The log's events for the messages that count, with whether each suppressed its address. */
export function eventsOf(plan: RunPlan, at: string, added: readonly Suppression[]): MailboxEvent[] {
  const addedNow = new Set(added.map((s) => s.email.toLowerCase()));
  const wanted = new Set(plan.wanted.map((s) => s.email));
  return plan.fresh.map(({ key, decision }) => ({ at, key, ...whatItIs(decision), suppressed: addedNow.has(decision.email.toLowerCase()) && wanted.has(decision.email) }));
}

/** The report's line for each handled message. */
export function actionsOf(plan: RunPlan, result: { added: readonly Suppression[]; already: readonly Suppression[] }): MailboxAction[] {
  const fresh = new Set(plan.fresh.map((d) => d.uid));
  const wanted = new Set(plan.wanted.map((s) => s.email.toLowerCase()));
  const added = new Set(result.added.map((s) => s.email.toLowerCase()));
  const already = new Set(result.already.map((s) => s.email.toLowerCase()));
  return plan.processed.map(({ uid, subject, from, decision }) => {
    const email = decision.email.toLowerCase();
    const suppression = fresh.has(uid) && wanted.has(email) ? (added.has(email) ? 'added' : already.has(email) ? 'already' : 'no') : 'no';
    return { uid, subject, from, ...whatItIs(decision), suppression, ...(plan.streaks.has(uid) ? { softInARow: plan.streaks.get(uid)! } : {}), repeat: !fresh.has(uid) };
  });
}

export function untouchedOf(plan: RunPlan): Untouched[] {
  return plan.decided.flatMap(({ uid, subject, from, decision }) => (decision.action === 'leave' ? [{ uid, subject, from, reason: decision.reason, warn: Boolean(decision.warn) }] : []));
}

/** What a returned message is and whom it concerns, as the log and the report both give it. */
function whatItIs(decision: Processed['decision']) {
  return { kind: decision.kind, email: decision.email, ...compact({ week: decision.week, status: decision.status, reason: decision.reason, detail: decision.detail }) };
}
