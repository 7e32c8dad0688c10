import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, resolveWeek } from './config.js';
import { readLedger, type LedgerEntry } from './send/ledger.js';
import { readSubscribers } from './send/subscribers.js';
import { loadSuppressed } from './send/suppression.js';
import type { Week } from './week.js';

export interface SendStatus {
  week: Week;
  ledgers: string[];
  sent: number;
  failed: number;
  deferred: number;
  /** Subscribers on the list (not suppressed) with no delivery yet, deferred ones included. */
  pending: number;
  suppressed: number;
  failures: Array<Pick<LedgerEntry, 'email' | 'response' | 'at'>>;
}

/** The send ledger(s) of a week, held against the current subscriber list. */
export async function sendStatus(options: { cwd: string; configFile?: string; week?: string; subscribersFile?: string; now?: Date }): Promise<SendStatus> {
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, options.now ?? new Date());
  const show = (file: string) => path.relative(options.cwd, file) || file;
  const dir = path.join(path.resolve(root, config.digestsDir), week.label);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^sends(\.shard-\d+-of-\d+)?\.jsonl$/.test(name)).sort();

  const outcomes = new Map<string, LedgerEntry>();
  for (const name of names) {
    for (const [key, entry] of (await readLedger(path.join(dir, name))).outcomes) outcomes.set(key, entry);
  }
  const entries = [...outcomes.values()];
  const suppressedFile = path.resolve(root, config.suppressionFile);
  const suppressedSet = await loadSuppressed(suppressedFile, show(suppressedFile));
  const subscribersFile = path.resolve(options.subscribersFile ? options.cwd : root, options.subscribersFile ?? config.subscribers);
  let pending = 0;
  let suppressed = 0;
  for await (const subscriber of readSubscribers(subscribersFile, show(subscribersFile))) {
    const status = outcomes.get(subscriber.key)?.status;
    if (suppressedSet.has(subscriber.key)) suppressed++;
    else if (status !== 'sent' && status !== 'failed') pending++;
  }
  return {
    week,
    ledgers: names.map((name) => show(path.join(dir, name))),
    sent: entries.filter((e) => e.status === 'sent').length,
    failed: entries.filter((e) => e.status === 'failed').length,
    deferred: entries.filter((e) => e.status === 'deferred').length,
    pending,
    suppressed,
    failures: entries.filter((e) => e.status === 'failed').map(({ email, response, at }) => ({ email, response, at })),
  };
}
