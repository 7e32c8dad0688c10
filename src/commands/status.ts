import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { resolveWeek } from '../config/resolve.js';
import { readWeekLedgers, type Listed } from '../send/ledger-view.js';
import { readSubscribers } from '../audience/subscribers.js';
import { loadSuppressed } from '../audience/suppression.js';
import type { Week } from '../shared/week.js';

export interface SendStatus {
  week: Week;
  ledgers: string[];
  sent: number;
  failed: number;
  deferred: number;
  /** The connection was lost after the message went out: maybe delivered; `send --retry-unknown` mails them again. */
  unknown: number;
  /** Subscribers on the list (not suppressed) with no delivery yet, deferred ones included. */
  pending: number;
  suppressed: number;
  /** Up to 1,000 of each; the counts above are exact. */
  failures: Listed[];
  unknowns: Listed[];
  /** Ledger lines that are not records, by file and line (the first 20), and how many in all. */
  problems: string[];
  problemCount: number;
  /**
   * Where the config puts the week's folder, the suppression file and the mailbox log: relative
   * to `cwd` with `/` separators, or absolute when outside it. Scripts (the weekly workflow's
   * ledger saver) commit them from there, so they never parse the config themselves.
   */
  paths: { weekDir: string; suppressionFile: string; mailboxLog: string };
}

/** The send ledgers of a week (every sharding), held against the current subscriber list. */
export async function sendStatus(options: { cwd: string; configFile?: string; week?: string; subscribersFile?: string; now?: Date }): Promise<SendStatus> {
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, options.now ?? new Date());
  const show = (file: string) => path.relative(options.cwd, file) || file;
  const dir = path.join(path.resolve(root, config.digestsDir), week.label);
  const ledgers = await readWeekLedgers(dir, show(dir));

  const suppressedFile = path.resolve(root, config.suppressionFile);
  const suppressedSet = await loadSuppressed(suppressedFile, show(suppressedFile));
  const subscribersFile = path.resolve(options.subscribersFile ? options.cwd : root, options.subscribersFile ?? config.subscribers);
  let pending = 0;
  let suppressed = 0;
  for await (const subscriber of readSubscribers(subscribersFile, show(subscribersFile))) {
    const status = ledgers.status(subscriber.key);
    if (suppressedSet.has(subscriber.key)) suppressed++;
    else if (status !== 'sent' && status !== 'failed' && status !== 'unknown') pending++;
  }
  return {
    week,
    ledgers: ledgers.files,
    ...ledgers.counts,
    pending,
    suppressed,
    failures: [...ledgers.failures.values()],
    unknowns: [...ledgers.unknowns.values()],
    problems: ledgers.problems,
    problemCount: ledgers.problemCount,
    paths: {
      weekDir: scriptPath(options.cwd, dir),
      suppressionFile: scriptPath(options.cwd, suppressedFile),
      mailboxLog: scriptPath(options.cwd, path.resolve(root, config.mailbox.log)),
    },
  };
}

/** `file` relative to `cwd` in `/` form (`.` for cwd itself), or absolute when it lies outside. */
function scriptPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '') return '.';
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}
