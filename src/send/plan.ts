import type { Subscriber, SubscriberProblem } from '../audience/subscribers.js';
import { UserError } from '../shared/errors.js';
import type { Week } from '../shared/week.js';
import type { LedgerView } from './ledger-view.js';
import { inShard, type Shard } from './shard.js';
import type { Transport } from './transport.js';

export interface SendPlan {
  week: Week;
  subject: string;
  transport: string;
  kind: Transport['kind'];
  /** Recipients this run will mail. */
  pending: number;
  alreadySent: number;
  failedBefore: number;
  /** Recorded with an unknown outcome by an earlier run; skipped unless retryUnknown. */
  unknownBefore: number;
  suppressed: number;
  /** The ledger this run appends to. */
  ledger: string | undefined;
  /** Every ledger of the week that was honoured (all shardings). */
  ledgers: string[];
}

export type Reason = 'pending' | 'alreadySent' | 'failedBefore' | 'unknownBefore' | 'suppressed';

/** Who is mailed this run: not suppressed, not already sent, in this shard, and not left aside by an earlier outcome. */
export interface PlanRules {
  ledgers: Pick<LedgerView, 'status'>;
  suppressed: ReadonlySet<string>;
  retryFailed?: boolean;
  retryUnknown?: boolean;
  shard?: Shard | undefined;
}

export function reasonFor(key: string, rules: PlanRules): Reason {
  if (rules.suppressed.has(key)) return 'suppressed';
  const outcome = rules.ledgers.status(key);
  if (outcome === 'sent') return 'alreadySent';
  if (outcome === 'failed' && !rules.retryFailed) return 'failedBefore';
  if (outcome === 'unknown' && !rules.retryUnknown) return 'unknownBefore';
  return 'pending';
}

export type PlanCounts = Record<Reason, number>;

/**
 * Counts the list once (streamed, never held whole) and reports its invalid rows; a list of
 * nobody is an error, never a successful send to no one.
 */
export async function countRecipients(
  subscribers: (onProblem: (problem: SubscriberProblem) => void) => AsyncIterable<Subscriber>,
  rules: PlanRules,
  shownFile: string,
  onProblem?: (problem: SubscriberProblem) => void,
): Promise<{ counts: PlanCounts; valid: number }> {
  const counts: PlanCounts = { pending: 0, alreadySent: 0, failedBefore: 0, unknownBefore: 0, suppressed: 0 };
  let valid = 0;
  let invalid = 0;
  const problem = (found: SubscriberProblem) => {
    if (!found.message.includes('listed again')) invalid++;
    onProblem?.(found);
  };
  for await (const subscriber of subscribers(problem)) {
    valid++;
    if (inShard(subscriber.key, rules.shard)) counts[reasonFor(subscriber.key, rules)]++;
  }
  if (valid === 0) {
    throw new UserError(
      invalid ? `${shownFile}: no valid subscriber: all ${invalid} row(s) were skipped (see the warnings above)` : `${shownFile}: no subscribers: the file is empty or has only its header row`,
      { hint: 'A truncated or failed export? Check the file: send never reports success for a list of nobody.' },
    );
  }
  return { counts, valid };
}

/** The subscribers this run mails, in list order; a stop signal ends the list. */
export async function* pendingRecipients(subscribers: AsyncIterable<Subscriber>, rules: PlanRules, signal?: AbortSignal): AsyncGenerator<Subscriber> {
  for await (const subscriber of subscribers) {
    // A stop while skipping a long run of done subscribers ends the list here; sendAll reports it.
    if (signal?.aborted) return;
    if (inShard(subscriber.key, rules.shard) && reasonFor(subscriber.key, rules) === 'pending') yield subscriber;
  }
}
