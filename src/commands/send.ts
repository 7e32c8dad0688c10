import path from 'node:path';
import type { SubscriberProblem } from '../audience/subscribers.js';
import { ARTIFACTS, readBuiltIssue, type BuiltIssueFiles } from '../built/digest-store.js';
import { refuseStaleBuild } from '../built/stale-build.js';
import { withPlaceholders } from '../issue/placeholders.js';
import { alignmentWarnings } from '../send/alignment.js';
import { dkimFromEnv } from '../send/dkim.js';
import { ledgerFileName, type LedgerEntry } from '../send/ledger.js';
import { LedgerView, readWeekLedgers } from '../send/ledger-view.js';
import { acquireLock } from '../send/lock.js';
import { createMessageFactory, type PreparedMessage, type Recipient } from '../send/message.js';
import type { Project } from '../config/project.js';
import type { Transport } from '../send/transport.js';
import { openTransport, verifyTransport } from '../send/open-transport.js';
import type { SendPlan } from '../send/plan.js';
import type { SenderResult } from '../send/sender.js';
import { buildStatus } from '../send/sent-build.js';
import type { Shard } from '../send/shard.js';
import { sendTestCopy } from '../send/test-copy.js';
import { listPending, planRun } from '../send/recipients.js';
import { sendToList } from '../send/send-to-list.js';
import { smtpSettingsFromEnv } from '../send/transport.js';
import { UsageError, UserError } from '../shared/errors.js';
import { isValidAddress } from '../audience/subscribers.js';
import { interrupted, interruptible, signalOption } from '../send/stop-errors.js';
import { unsubscribeSecret } from '../send/unsubscribe-secret.js';
import { openProject } from './open-project.js';
import { refuseGoLiveFindings } from './send-refusal.js';

export interface SendOptions {
  cwd: string;
  configFile?: string;
  week?: string;
  subscribersFile?: string;
  /** Send one "[TEST]" copy to this address only; no ledger. */
  to?: string;
  dryRun?: boolean;
  strict?: boolean;
  allowChanged?: boolean;
  /** Send although items, templates or the config changed since compose. */
  allowStale?: boolean;
  retryFailed?: boolean;
  /** Mail again those whose delivery is unknown (the connection was lost after the message went out). */
  retryUnknown?: boolean;
  connections?: number;
  rate?: number;
  shard?: Shard;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  signal?: AbortSignal;
  /** Tuning for tests; defaults suit real servers. */
  retries?: number;
  backoffMs?: number;
  pauseAfterFailures?: number;
  /** Asked once the plan is known; returning false cancels without sending. */
  confirm?: (plan: SendPlan) => Promise<boolean>;
  onProblem?: (problem: SubscriberProblem & { file: string }) => void;
  onWarning?: (message: string) => void;
  onStart?: (plan: SendPlan) => void;
  onOutcome?: (entry: LedgerEntry) => void;
  /** Dry run: each recipient that would be mailed (or written to the outbox, by `plan.kind`). */
  onRecipient?: (recipient: Recipient, plan: SendPlan) => void;
}

export type { SendPlan } from '../send/plan.js';

export interface SendSummary extends SenderResult {
  plan: SendPlan;
  test?: { to: string; response: string };
  cancelled?: boolean;
}

const NOTHING_SENT = { sent: 0, failed: 0, deferred: 0, unknown: 0 };

/**
 * Sends a week's built issue, in this order:
 * 1. open the project and read the built issue;
 * 2. take the week's lock (real sends), then read every ledger of the week once, for all checks;
 * 3. refuse a stale build, unless this very build already went out (the rest get it too);
 * 4. open the transport (DKIM key tried first) and prepare the message factory;
 * 5. a [TEST] copy goes to one address and stops there;
 * 6. plan: count the list against the ledgers and the suppression file;
 * 7. a dry run lists who would be mailed; else confirm, verify the server, open the ledger;
 * 8. send, recording each outcome after the server answered.
 */
export async function sendIssue(options: SendOptions): Promise<SendSummary> {
  // A malformed flag value is a usage error (exit 2), like a bad --week, and is named before anything is read.
  if (options.to !== undefined && !isValidAddress(options.to)) throw new UsageError(`--to "${options.to}" is not a valid email address`, 'Give one address, e.g. --to you@your-domain.org.');
  const project = await openProject(options);
  const { show } = project;
  const week = project.week(options.week);
  const issueDir = project.weekDir(week);
  const issue = await readBuiltIssue(issueDir, show(issueDir), week.label);
  const smtp = smtpSettingsFromEnv(options.env);
  // Outbox runs write files only; they never write the ledgers that real sends rely on (nor does a [TEST] copy),
  // but they read them like any run: a reader the week's ledgers record as mailed is not mailed again.
  const ledgerFile = smtp && !options.to ? path.join(issueDir, ledgerFileName(options.shard)) : undefined;
  // One lock per week, whatever the sharding, taken before the ledgers are read: a send
  // finishing in between must not leave us a stale view.
  const lockFile = path.join(issueDir, 'sends.lock');
  const lock = ledgerFile && !options.dryRun ? await acquireLock(lockFile, show(lockFile)) : undefined;
  try {
    const read = await interruptible(readWeekLedgers(issueDir, show(issueDir), signalOption(options.signal)));
    if (!options.allowStale && buildStatus(read, issue.sha256) !== 'this') {
      await refuseStaleBuild(project, week, issue.manifest, show(path.join(issueDir, ARTIFACTS.html)));
    }
    const outboxDir = path.join(issueDir, 'outbox');
    const transport = await openTransport({
      smtp,
      env: options.env,
      outboxDir,
      shownOutboxDir: show(outboxDir),
      connections: options.connections ?? 5,
      rate: options.rate,
      onWarning: options.onWarning,
    });
    try {
      // A dry run refuses as the real run would, so that "would send" is never a promise the real run breaks.
      if (transport.kind === 'smtp') refuseGoLiveFindings(project.config, issue, options.env.UNSUBSCRIBE_SECRET, options.to ? 'test' : options.dryRun ? 'dry-run' : 'send', options.onWarning);
      const prepare = await messageFactory(project, options, issue, transport);
      const basePlan = { week, subject: issue.manifest.subject, transport: transport.description, kind: transport.kind };
      if (options.to) return await testCopy(options.to, { ...basePlan, pending: 1, alreadySent: 0, failedBefore: 0, unknownBefore: 0, suppressed: 0, ledger: undefined, ledgers: [] }, prepare, transport, options);
      checkLedgers(read, issue.sha256, options, show(issueDir), week.label);
      const run = await planRun(project, options, read);
      const plan: SendPlan = { ...basePlan, ...run.counts, ledger: ledgerFile && show(ledgerFile), ledgers: read.files };
      if (options.dryRun) {
        await listPending(run, (subscriber) => options.onRecipient?.(subscriber, plan), options.signal);
        return { plan, ...NOTHING_SENT };
      }
      if (plan.pending === 0) return { plan, ...NOTHING_SENT };
      if (options.confirm && !(await options.confirm(plan))) return { plan, ...NOTHING_SENT, cancelled: true };
      if (options.signal?.aborted) throw interrupted();
      await verifyTransport(transport);
      await lock?.verify();
      options.onStart?.(plan);
      const ledger = ledgerFile ? { file: ledgerFile, shown: show(ledgerFile) } : undefined;
      const result = await sendToList(run, prepare, transport, ledger, issue.sha256, options, project.now);
      return { ...result, plan };
    } finally {
      await transport.close();
    }
  } finally {
    await lock?.release();
  }
}

/** A [TEST] copy to one address; a dry run mails nothing, not even that, and says where it would go. */
async function testCopy(to: string, plan: SendPlan, prepare: (recipient: Recipient) => PreparedMessage, transport: Transport, options: SendOptions): Promise<SendSummary> {
  if (options.dryRun) {
    options.onRecipient?.({ email: to, key: to.toLowerCase(), name: '', fields: { email: to } }, plan);
    return { plan, ...NOTHING_SENT };
  }
  const test = await sendTestCopy(to, prepare, transport);
  return { ...NOTHING_SENT, sent: 1, test, plan };
}

/** Builds each reader's message from the built issue; warns of DKIM or bounce domains that do not align with From. */
async function messageFactory(project: Project, options: SendOptions, issue: BuiltIssueFiles, transport: Transport): Promise<(recipient: Recipient) => PreparedMessage> {
  for (const warning of alignmentWarnings(project.config, dkimFromEnv(options.env))) options.onWarning?.(warning);
  const secret = unsubscribeSecret(options.env, transport, options.onWarning);
  return createMessageFactory(
    { week: issue.manifest.week, subject: issue.manifest.subject, ...withPlaceholders(issue) },
    { config: project.config, secret, date: project.now(), test: Boolean(options.to) },
  );
}

/** Reports ledger lines that are not records; refuses a build other than the one whose send has begun, unless allowed. */
function checkLedgers(ledgers: LedgerView, sha256: string, options: SendOptions, shownDir: string, week: string): void {
  for (const problem of ledgers.problems) options.onWarning?.(problem);
  if (ledgers.problemCount > ledgers.problems.length) options.onWarning?.(`${ledgers.problemCount - ledgers.problems.length} more ledger line(s) that are not records`);
  if (buildStatus(ledgers, sha256) === 'another' && !options.allowChanged) {
    throw new UserError(`${shownDir}: ${week} was recomposed after sending began; the ledger records a different issue.html`, {
      // compose --allow-changed overwrote the issue that went out: only a copy kept elsewhere (git) can bring it back.
      hint: `Pass --allow-changed to send this version to those not yet mailed. The issue that went out was overwritten when the week was composed again; to send it instead, put its issue.* files back in ${shownDir} from a copy (git, if they were committed).`,
    });
  }
}
