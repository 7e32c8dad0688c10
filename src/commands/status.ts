import path from 'node:path';
import { weekFeedback, type WeekFeedback } from '../mailbox/feedback-stats.js';
import { openProject } from './open-project.js';
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
  paths: { weekDir: string; suppressionFile: string; mailboxLog: string; pullLog: string };
  /** What `mailbox` recorded about this week's issue: bounces and complaints against what was sent. */
  feedback: WeekFeedback;
}

/** The send ledgers of a week (every sharding), held against the current subscriber list. */
export async function sendStatus(options: { cwd: string; configFile?: string; week?: string; subscribersFile?: string; now?: Date }): Promise<SendStatus> {
  const project = await openProject(options);
  const { config, show } = project;
  const week = project.week(options.week);
  const dir = project.weekDir(week);
  const ledgers = await readWeekLedgers(dir, show(dir));

  const suppressedFile = project.resolve(config.suppressionFile);
  const suppressedSet = await loadSuppressed(suppressedFile, show(suppressedFile));
  const subscribersFile = options.subscribersFile ? path.resolve(options.cwd, options.subscribersFile) : project.resolve(config.subscribers);
  const mailboxLog = project.resolve(config.mailbox.log);
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
    feedback: await weekFeedback(mailboxLog, show(mailboxLog), week.label, ledgers.counts.sent),
    pending,
    suppressed,
    failures: [...ledgers.failures.values()],
    unknowns: [...ledgers.unknowns.values()],
    problems: ledgers.problems,
    problemCount: ledgers.problemCount,
    paths: {
      weekDir: scriptPath(options.cwd, dir),
      suppressionFile: scriptPath(options.cwd, suppressedFile),
      mailboxLog: scriptPath(options.cwd, mailboxLog),
      pullLog: scriptPath(options.cwd, project.resolve(config.unsubscribe.pullLog)),
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
