import { addSuppressions, type Suppression } from '../audience/suppression.js';
import { describeSetting, type Project } from '../config/project.js';
import type { Config } from '../config/schema.js';
import { docPage } from '../shared/doc-page.js';
import { UserError } from '../shared/errors.js';
import { credentialsInEnv } from '../shared/mail-server-url.js';
import { secretScrubber } from '../shared/scrub-secret.js';
import { finishMessages, type FinishResult } from '../mailbox/finish-messages.js';
import { listFolder, type FolderListing } from '../mailbox/folder-listing.js';
import { imapSettingsFromEnv, openFolder, type ImapSettings, type OpenFolder } from '../mailbox/imap.js';
import { readAndJudge, type Judging } from '../mailbox/judge-messages.js';
import { appendMailboxLog, appendSeen, readMailboxState, type MailboxLog } from '../mailbox/mailbox-log.js';
import { actionsOf, eventsOf, untouchedOf, type MailboxReport, type Unfinished } from '../mailbox/mailbox-report.js';
import { planRun, type RunPlan } from '../mailbox/plan-run.js';
import { uidSetText } from '../mailbox/uid-set.js';
import { openProject, type ProjectOptions } from './open-project.js';

export type { MailboxAction, MailboxReport } from '../mailbox/mailbox-report.js';

export interface MailboxOptions extends ProjectOptions {
  env: NodeJS.ProcessEnv;
  /** Show what would happen; change nothing in the files or the mailbox. */
  dryRun?: boolean;
  /** Read again the messages earlier runs judged and left (none is counted twice). */
  reread?: boolean;
}

/** One run's place: the project, its files, the open folder and what the log knew before it. */
interface Run {
  project: Project;
  folder: OpenFolder;
  log: MailboxLog;
  files: { suppressions: string; log: string };
  moveTo: string | undefined;
  at: string;
}

/**
 * `watch-digest mailbox`: reads the bounce / unsubscribe mailbox over IMAP and honours what came
 * back. Steps, in an order that makes any interruption safe to re-run:
 *   1. list the messages neither handled nor judged by an earlier run (the log's seen records);
 *   2. read them in small batches, only what a verdict needs, and judge each (DSN, ARF, request, other);
 *   3. match bounces and complaints to recipients through the send ledgers; set apart what the log has;
 *   4. add the addresses to suppress to the suppression file, with reason and date;
 *   5. append the events to the mailbox log;
 *   6. mark the handled messages and move them (with any an earlier run marked but could not move);
 *   7. record in the log which messages were judged, so that no later run reads them again.
 * Nothing is deleted, and everything else stays where it was, unread. A fault in 2 or 6 leaves
 * the rest to the next run, and the report says what is left.
 */
export async function processMailbox(options: MailboxOptions): Promise<MailboxReport> {
  const project = await openProject(options);
  const { config } = project;
  const settings = requireSettings(options.env);
  const files = { suppressions: project.resolve(config.suppressionFile), log: project.resolve(config.mailbox.log) };
  const log = await readMailboxState(files.log, project.show(files.log));
  const folder = await openFolder(settings, config.mailbox.folder);
  try {
    const moveTo = config.mailbox.afterProcessing === 'move' ? config.mailbox.processedFolder : undefined;
    return await runOn({ project, folder, log, files, moveTo, at: project.now().toISOString() }, options);
  } finally {
    await folder.close();
  }
}

async function runOn(run: Run, options: MailboxOptions): Promise<MailboxReport> {
  const { project, folder, files } = run;
  const { config } = project;
  const dryRun = Boolean(options.dryRun);
  const listing = await listFolder(folder, run.log.seen, { moving: run.moveTo !== undefined, reread: Boolean(options.reread) });
  // What returned mail says reaches the report and the files: no password of ours goes with it.
  const judging = await readAndJudge(folder, listing.toRead, addressesOf(config), secretScrubber(credentialsInEnv(options.env)));
  const plan = await planRun(judging.judged, {
    digestsDir: project.digestsDir,
    subscribersFile: project.resolve(config.subscribers),
    shownSubscribersFile: project.show(project.resolve(config.subscribers)),
    secret: options.env.UNSUBSCRIBE_SECRET,
    log: run.log.events,
    softBounceLimit: config.mailbox.softBounceLimit,
    at: run.at,
  });
  const result = await addSuppressions(files.suppressions, project.show(files.suppressions), plan.wanted, { dryRun, setting: describeSetting(project, 'suppressionFile') });
  const finished = dryRun ? undefined : await recordAndFinish(run, plan, judging, listing, result.added);
  const unfinished = unfinishedWork(run, judging, listing, plan, finished);
  return {
    mailbox: folder.server,
    folder: folder.folder,
    examined: judging.judged.length + judging.unread.length,
    skippedSeen: listing.skippedSeen,
    uidValidityChanged: listing.uidValidityChanged,
    actions: actionsOf(plan, result),
    untouched: untouchedOf(plan),
    finishedEarlier: finishedEarlier(run, listing, finished),
    suppressed: result.added,
    suppressionFile: project.show(files.suppressions),
    logFile: project.show(files.log),
    upgraded: result.upgraded,
    processedTo: run.moveTo && !finished?.markedOnly ? run.moveTo : 'flagged',
    notes: finished?.notes ?? [],
    ...(unfinished ? { unfinished } : {}),
    dryRun,
  };
}

/** Steps 5 to 7: the log first, so that a message handled but not moved is never counted again. */
async function recordAndFinish(run: Run, plan: RunPlan, judging: Judging, listing: FolderListing, added: readonly Suppression[]): Promise<FinishResult> {
  const { folder, project, files } = run;
  await appendMailboxLog(files.log, eventsOf(plan, run.at, added), project.show(files.log), describeSetting(project, 'mailbox.log'));
  const handled = [...plan.processed.map((p) => p.uid), ...listing.unmoved];
  // Without a connection nothing can be marked; the log has the events, and the next run moves them.
  const finished: FinishResult = judging.interrupted ? { flagged: [], moved: [], notes: [] } : await finishMessages(folder, handled, run.moveTo);
  const left = plan.decided.filter((d) => d.decision.action === 'leave').map((d) => d.uid);
  const seen = [...left, ...finished.flagged];
  if (seen.length > 0) await appendSeen(files.log, { mailbox: folder.account, folder: folder.folder, uidValidity: folder.uidValidity, uids: uidSetText(seen) }, run.at, project.show(files.log), describeSetting(project, 'mailbox.log'));
  return finished;
}

/** What a fault left for the next run, if anything. */
function unfinishedWork(run: Run, judging: Judging, listing: FolderListing, plan: RunPlan, finished: FinishResult | undefined): Unfinished | undefined {
  const { server, folder } = run.folder;
  const faults: string[] = [];
  if (judging.interrupted) faults.push(`${server}: the connection was lost while reading "${folder}": ${judging.interrupted}`);
  if (judging.unread.length > 0) {
    const some = judging.unread.slice(0, 3).map(({ uid, reason }) => `UID ${uid}: ${reason}`);
    faults.push(`${server}: ${judging.unread.length} message(s) in "${folder}" could not be read (${some.join('; ')}${judging.unread.length > 3 ? '; …' : ''})`);
  }
  if (finished?.fault) faults.push(`${server}: ${finished.fault}`);
  if (faults.length === 0) return undefined;
  const handled = plan.processed.length + listing.unmoved.length;
  return { faults, unread: judging.unread.length + judging.notReached, notFinished: finished ? handled - finishedOf(run, finished).length : 0 };
}

/** The handled messages that are where they belong: moved, or marked when they stay. */
function finishedOf(run: Run, finished: FinishResult): number[] {
  return run.moveTo && !finished.markedOnly ? finished.moved : finished.flagged;
}

function finishedEarlier(run: Run, listing: FolderListing, finished: FinishResult | undefined): number {
  const done = new Set(finished ? finishedOf(run, finished) : []);
  return listing.unmoved.filter((uid) => done.has(uid)).length;
}

function requireSettings(env: NodeJS.ProcessEnv): ImapSettings {
  const settings = imapSettingsFromEnv(env);
  if (settings) return settings;
  throw new UserError('no bounce mailbox configured: IMAP_URL is not set', {
    hint: `Set IMAP_URL=imaps://user:password@imap.example.org:993 (or IMAP_HOST, IMAP_USER, IMAP_PASS); ${docPage('mailbox.md')} explains how to set up the mailbox.`,
  });
}

function addressesOf(config: Config) {
  return {
    bounce: config.bounce?.address,
    unsubscribe: config.unsubscribe.mailto,
    own: [config.from.address, ...(config.replyTo ? [config.replyTo] : [])],
    authServer: config.mailbox.authServer,
  };
}
