import path from 'node:path';
import { readSubscribers, type Subscriber, type SubscriberProblem } from '../audience/subscribers.js';
import { loadSuppressed } from '../audience/suppression.js';
import { describeSetting, type Project } from '../config/project.js';
import { refuseUnknownGreetingColumns } from '../audience/greeting.js';
import type { LedgerView } from './ledger-view.js';
import { countRecipients, pendingRecipients, type PlanCounts, type PlanRules } from './plan.js';
import type { Shard } from './shard.js';
import { interruptible, signalOption } from './stop-errors.js';

export interface RecipientOptions {
  cwd: string;
  /** `--subscribers FILE` (relative to cwd); else the config's list. */
  subscribersFile?: string | undefined;
  strict?: boolean | undefined;
  retryFailed?: boolean | undefined;
  retryUnknown?: boolean | undefined;
  shard?: Shard | undefined;
  signal?: AbortSignal | undefined;
  onProblem?: ((problem: SubscriberProblem & { file: string }) => void) | undefined;
}

/** A run's recipients: the rules and counts of its plan, and the list, streamed again for each pass (never held whole). */
export interface Run {
  rules: PlanRules;
  counts: PlanCounts;
  subscribers: (extra?: { onProblem?: (problem: SubscriberProblem) => void; signal?: AbortSignal }) => AsyncIterable<Subscriber>;
}

/** Counts the list against the ledgers and the suppression file; reports invalid rows once. */
export async function planRun(project: Project, options: RecipientOptions, ledgers: LedgerView): Promise<Run> {
  const { show, config } = project;
  const subscribersFile = options.subscribersFile ? path.resolve(options.cwd, options.subscribersFile) : project.resolve(config.subscribers);
  const suppressedFile = project.resolve(config.suppressionFile);
  const suppressed = await loadSuppressed(suppressedFile, show(suppressedFile));
  const rules: PlanRules = { ledgers, suppressed, retryFailed: options.retryFailed ?? false, retryUnknown: options.retryUnknown ?? false, shard: options.shard };
  let valid = 0;
  // A greeting's {column} the list lacks would be mailed as it is: refused before anyone is mailed.
  const onHeader = (columns: string[]) => refuseUnknownGreetingColumns(config.greeting, columns, show(subscribersFile), describeSetting(project, 'greeting.withName'));
  const subscribers: Run['subscribers'] = (extra = {}) =>
    readSubscribers(subscribersFile, show(subscribersFile), { ...(options.strict ? { strict: true } : {}), ...(valid ? { expected: valid } : {}), onHeader, ...extra });
  const counted = await interruptible(
    countRecipients(
      (onProblem) => subscribers({ onProblem, ...signalOption(options.signal) }),
      rules,
      show(subscribersFile),
      (problem) => options.onProblem?.({ ...problem, file: show(subscribersFile) }),
    ),
  );
  valid = counted.valid;
  return { rules, counts: counted.counts, subscribers };
}

/** A dry run: each subscriber a real run would mail. */
export async function listPending(run: Run, onRecipient: (subscriber: Subscriber) => void, signal?: AbortSignal): Promise<void> {
  await interruptible(
    (async () => {
      for await (const subscriber of pendingRecipients(run.subscribers(signalOption(signal)), run.rules)) onRecipient(subscriber);
    })(),
  );
}
