import { readSubscribers } from '../audience/subscribers.js';
import { isMissingList } from '../audience/subscriber-errors.js';
import type { Suppression } from '../audience/suppression.js';
import { verifyToken } from '../audience/unsubscribe-token.js';
import type { Verdict } from './classify.js';
import { decide, type Decision } from './decide.js';
import type { Judged } from './judge-messages.js';
import type { MailboxEvent } from './mailbox-log.js';
import { planSuppressions } from './plan-suppressions.js';
import { lookUpLedgers } from './sent-messages.js';

export type Processed = Judged & { decision: Extract<Decision, { action: 'process' }> };
export type Decided = Judged & { decision: Decision };

export interface RunContext {
  digestsDir: string;
  subscribersFile: string;
  shownSubscribersFile: string;
  /** UNSUBSCRIBE_SECRET, to verify the tokens of requests by mail. */
  secret: string | undefined;
  /** The mailbox log's events so far. */
  log: readonly MailboxEvent[];
  softBounceLimit: number;
  /** When this run happens (ISO 8601). */
  at: string;
}

export interface RunPlan {
  decided: Decided[];
  /** Messages to act on (mark and move), including those an earlier run logged but did not move. */
  processed: Processed[];
  /** Processed messages not in the log yet: the only ones that count. */
  fresh: Processed[];
  wanted: Suppression[];
  /** Each soft bounce's run of issues in a row, by UID. */
  streaks: Map<number, number>;
}

/**
 * What to do with the judged messages: bounces and complaints matched to recipients through the
 * send ledgers (read once for the whole run), requests checked against their token or the
 * subscriber list, events already in the log set apart, and the suppressions they call for.
 */
export async function planRun(judged: readonly Judged[], context: RunContext): Promise<RunPlan> {
  const ids = new Set(judged.flatMap(({ verdict }) => ('refs' in verdict ? verdict.refs : [])));
  const { byId } = await lookUpLedgers(context.digestsDir, ids);
  const subscribers = await subscribersAmong(context, judged.map((j) => j.verdict));
  const { secret } = context;
  const decided = judged.map((j) => ({
    ...j,
    decision: decide(j.verdict, {
      byId,
      canVerifyTokens: Boolean(secret),
      verifyToken: (token) => (secret ? verifyToken(token, secret) : undefined),
      isSubscriber: (email) => subscribers.has(email),
    }),
  }));
  const processed = decided.filter((d): d is Processed => d.decision.action === 'process');
  // A message counts once: not when the log has it, nor a second copy of it in the folder.
  const counted = new Set(context.log.map((event) => event.key));
  const fresh = processed.filter((d) => !counted.has(d.key) && Boolean(counted.add(d.key)));
  const softEmails = new Set(fresh.filter((d) => d.decision.kind === 'bounced-soft').map((d) => d.decision.email.toLowerCase()));
  const { weeksSent } = softEmails.size ? await lookUpLedgers(context.digestsDir, new Set(), softEmails) : { weeksSent: new Map<string, string[]>() };
  const events = fresh.map(({ uid, decision }) => ({ id: uid, ...decision }));
  const { wanted, streaks } = planSuppressions(events, context.log, weeksSent, context.softBounceLimit, context.at);
  return { decided, processed, fresh, wanted, streaks };
}

/** The senders of unsubscribe requests that are on the subscriber list (a missing list means none are). */
async function subscribersAmong(context: RunContext, verdicts: Verdict[]): Promise<Set<string>> {
  const senders = new Set(verdicts.flatMap((v) => (v.kind === 'unsubscribe' ? [v.sender.toLowerCase()] : [])));
  const found = new Set<string>();
  if (senders.size === 0) return found;
  try {
    for await (const subscriber of readSubscribers(context.subscribersFile, context.shownSubscribersFile)) if (senders.has(subscriber.key)) found.add(subscriber.key);
  } catch (error) {
    // Only a missing list means nobody is on it; a list that stops part-way (not UTF-8, shifted fields) would call readers strangers.
    if (!isMissingList(error)) throw error;
  }
  return found;
}
