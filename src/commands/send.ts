import path from 'node:path';
import { loadConfig, resolveWeek } from '../config/config.js';
import { ARTIFACTS, readBuiltIssue } from '../built/digest-store.js';
import { UserError } from '../shared/errors.js';
import { dkimFromEnv, loadDkimSigner } from '../send/dkim.js';
import { ledgerFileName, LedgerView, LedgerWriter, readWeekLedgers, type LedgerEntry } from '../send/ledger.js';
import { acquireLock } from '../send/lock.js';
import { createMessageFactory, type Recipient } from '../send/message.js';
import { withPlaceholders } from '../issue/placeholders.js';
import { refuseStaleBuild } from '../built/stale-build.js';
import { sendAll, type SenderResult } from '../send/sender.js';
import { inShard, type Shard } from '../send/shard.js';
import { readSubscribers, type SubscriberProblem } from '../audience/subscribers.js';
import { loadSuppressed } from '../audience/suppression.js';
import { alignmentWarnings } from '../send/alignment.js';
import { outboxTransport, smtpSettingsFromEnv, smtpTransport, type Transport } from '../send/transport.js';
import type { Week } from '../shared/week.js';

/** Used only for outbox runs, so the sample works on a fresh machine; real sends need UNSUBSCRIBE_SECRET. */
const SAMPLE_SECRET = 'watch-digest-sample-secret-not-for-real-sends';

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
  /** Dry run: each recipient that would be mailed. */
  onRecipient?: (recipient: Recipient) => void;
}

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

export interface SendSummary extends SenderResult {
  plan: SendPlan;
  test?: { to: string; response: string };
  cancelled?: boolean;
}

type Reason = 'pending' | 'alreadySent' | 'failedBefore' | 'unknownBefore' | 'suppressed';

export async function sendIssue(options: SendOptions): Promise<SendSummary> {
  const now = options.now ?? (() => new Date());
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, now());
  // Paths inside the project are shown relative to it, others (e.g. /dev/zero) as they are.
  const show = (file: string) => {
    const relative = path.relative(options.cwd, file);
    return !relative ? file : relative.startsWith('..') ? file : relative;
  };
  const issueDir = path.join(path.resolve(root, config.digestsDir), week.label);
  const issue = await readBuiltIssue(issueDir, show(issueDir), week.label);
  const smtp = smtpSettingsFromEnv(options.env);
  // Outbox runs write files only; they never touch the ledgers that real sends rely on (nor does a [TEST] copy).
  const ledgerFile = smtp && !options.to ? path.join(issueDir, ledgerFileName(options.shard)) : undefined;
  // One lock per week, whatever the sharding, taken before the ledgers are read (once, for every
  // check below): a send finishing in between must not leave us a stale view.
  const lockFile = path.join(issueDir, 'sends.lock');
  const lock = ledgerFile && !options.dryRun ? await acquireLock(lockFile, show(lockFile)) : undefined;
  try {
    const read = ledgerFile || !options.allowStale ? await interruptible(readWeekLedgers(issueDir, show(issueDir), signalOption(options.signal))) : new LedgerView();
    // Once this very build went out, the rest of the list gets it, whatever was edited since.
    if (!options.allowStale && !read.builds.has(issue.sha256)) {
      const htmlFile = show(path.join(issueDir, ARTIFACTS.html));
      await refuseStaleBuild({ cwd: options.cwd, week, manifest: issue.manifest, htmlFile, ...(options.configFile ? { configFile: options.configFile } : {}) });
    }

    // Before anything is sent: a key that cannot sign must stop the run, never mean unsigned mail.
    const dkim = await loadDkimSigner(options.env);
    const outboxDir = path.join(issueDir, 'outbox');
    const transport = smtp
      ? smtpTransport(smtp, {
          connections: options.connections ?? 5,
          ...(options.rate ? { rate: options.rate } : {}),
          ...(dkim ? { dkim } : {}),
          onConnectionsReduced: (n, reply) => options.onWarning?.(`the server refused a connection (${reply.trim()}): going on with ${n} connection(s)`),
        })
      : outboxTransport(outboxDir, show(outboxDir), dkim ? { dkim } : {});
    for (const warning of alignmentWarnings(config, dkimFromEnv(options.env))) options.onWarning?.(warning);
    const secret = unsubscribeSecret(options.env, transport, options.onWarning);
    const prepare = await createMessageFactory(
      { week: week.label, subject: issue.manifest.subject, ...withPlaceholders(issue) },
      { config, secret, date: now(), test: Boolean(options.to) },
    );
    const basePlan = { week, subject: issue.manifest.subject, transport: transport.description, kind: transport.kind };

    try {
      if (options.to)
        return {
          ...(await sendTestCopy(options.to, prepare, transport)),
          plan: { ...basePlan, pending: 1, alreadySent: 0, failedBefore: 0, unknownBefore: 0, suppressed: 0, ledger: undefined, ledgers: [] },
        };

      const ledgers = ledgerFile ? read : new LedgerView();
      for (const problem of ledgers.problems) options.onWarning?.(problem);
      if (ledgers.problemCount > ledgers.problems.length) options.onWarning?.(`${ledgers.problemCount - ledgers.problems.length} more ledger line(s) that are not records`);
      if (ledgers.builds.size > 0 && !ledgers.builds.has(issue.sha256) && !options.allowChanged) {
        throw new UserError(`${show(issueDir)}: ${week.label} was recomposed after sending began; the ledger records a different issue.html`, {
          hint: 'Send the issue that went out to the others by restoring it, or pass --allow-changed to send the new version to those not yet mailed.',
        });
      }

      const subscribersFile = path.resolve(options.subscribersFile ? options.cwd : root, options.subscribersFile ?? config.subscribers);
      const suppressedFile = path.resolve(root, config.suppressionFile);
      const suppressed = await loadSuppressed(suppressedFile, show(suppressedFile));
      const reasonFor = (key: string): Reason => {
        const outcome = ledgers.status(key);
        if (suppressed.has(key)) return 'suppressed';
        if (outcome === 'sent') return 'alreadySent';
        if (outcome === 'failed' && !options.retryFailed) return 'failedBefore';
        if (outcome === 'unknown' && !options.retryUnknown) return 'unknownBefore';
        return 'pending';
      };
      let valid = 0;
      const listed = (extra: { onProblem?: (problem: SubscriberProblem) => void; signal?: AbortSignal } = {}) =>
        readSubscribers(subscribersFile, show(subscribersFile), { ...(options.strict ? { strict: true } : {}), ...(valid ? { expected: valid } : {}), ...extra });

      // First pass: count, and report invalid rows once; the list is streamed, never held whole.
      const counts: Record<Reason, number> = { pending: 0, alreadySent: 0, failedBefore: 0, unknownBefore: 0, suppressed: 0 };
      let invalid = 0;
      const onProblem = (problem: SubscriberProblem) => {
        if (!problem.message.includes('listed again')) invalid++;
        options.onProblem?.({ ...problem, file: show(subscribersFile) });
      };
      await interruptible(
        (async () => {
          for await (const subscriber of listed({ onProblem, ...signalOption(options.signal) })) {
            valid++;
            if (inShard(subscriber.key, options.shard)) counts[reasonFor(subscriber.key)]++;
          }
        })(),
      );
      if (valid === 0) {
        throw new UserError(
          invalid
            ? `${show(subscribersFile)}: no valid subscriber: all ${invalid} row(s) were skipped (see the warnings above)`
            : `${show(subscribersFile)}: no subscribers: the file is empty or has only its header row`,
          { hint: 'A truncated or failed export? Check the file: send never reports success for a list of nobody.' },
        );
      }
      const plan: SendPlan = { ...basePlan, ...counts, ledger: ledgerFile && show(ledgerFile), ledgers: ledgers.files };
      const signal = options.signal;
      const recipients = async function* () {
        for await (const subscriber of listed()) {
          // A stop while skipping a long run of done subscribers ends the list here; sendAll reports it.
          if (signal?.aborted) return;
          if (inShard(subscriber.key, options.shard) && reasonFor(subscriber.key) === 'pending') yield subscriber;
        }
      };

      const nothing = { sent: 0, failed: 0, deferred: 0, unknown: 0 };
      if (options.dryRun) {
        await interruptible(
          (async () => {
            for await (const subscriber of listed(signalOption(signal))) {
              if (inShard(subscriber.key, options.shard) && reasonFor(subscriber.key) === 'pending') options.onRecipient?.(subscriber);
            }
          })(),
        );
        return { plan, ...nothing };
      }
      if (plan.pending === 0) return { plan, ...nothing };
      if (options.confirm && !(await options.confirm(plan))) return { plan, ...nothing, cancelled: true };
      if (signal?.aborted) throw interrupted();

      await verifyTransport(transport);
      await lock?.verify();
      options.onStart?.(plan);
      const writer = ledgerFile ? await LedgerWriter.open(ledgerFile, show(ledgerFile)) : undefined;
      // Stopped during the SMTP check, the lock check or the ledger's opening: nobody was mailed.
      if (signal?.aborted) {
        await writer?.close().catch(() => {});
        throw interrupted();
      }
      let result: SenderResult;
      try {
        result = await sendAll(recipients(), prepare, transport, writer, {
          maxInFlight: Math.max(1, (options.connections ?? 5) * 4),
          retries: options.retries ?? 3,
          backoffMs: options.backoffMs ?? 2_000,
          pauseAfterFailures: options.pauseAfterFailures ?? 20,
          build: issue.sha256,
          now,
          ...(signal ? { signal } : {}),
          ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
        });
      } finally {
        await writer?.close().catch(() => {});
      }
      if (result.stopped?.reason === 'ledger') throw unrecordedError(result, plan.ledger!);
      return { ...result, plan };
    } finally {
      await transport.close();
    }
  } finally {
    await lock?.release();
  }
}

function signalOption(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

function interrupted(): UserError {
  return new UserError('interrupted before sending began: nothing was sent', { hint: 'Run the same command again when ready.' });
}

/** A stop signal while preparing becomes the user-facing "nothing was sent". */
async function interruptible<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw interrupted();
    throw error;
  }
}

/** The ledger failed mid-send: say so, and hand over what happened but could not be written. */
function unrecordedError(result: SenderResult, ledger: string): UserError {
  const unrecorded = result.unrecorded ?? [];
  return new UserError(`${result.stopped!.message}; sending stopped at once (${result.sent} sent in this run)`, {
    details: [
      `${unrecorded.length} outcome(s) happened but could not be recorded. Once there is space, append these lines to ${ledger}, or those subscribers will be mailed again:`,
      ...unrecorded.map((entry) => JSON.stringify(entry)),
    ],
    hint: 'Free some space, append the lines above, then run the same command again: everyone recorded as sent is skipped.',
  });
}

function unsubscribeSecret(env: NodeJS.ProcessEnv, transport: Transport, warn?: (message: string) => void): string {
  if (env.UNSUBSCRIBE_SECRET) return env.UNSUBSCRIBE_SECRET;
  if (transport.kind === 'smtp') {
    throw new UserError('UNSUBSCRIBE_SECRET is not set: refusing a real send whose unsubscribe links could be forged', {
      hint: 'Set UNSUBSCRIBE_SECRET to a long random string (e.g. `openssl rand -hex 32`), kept in your CI secrets, and use the same one on your unsubscribe endpoint.',
    });
  }
  warn?.('UNSUBSCRIBE_SECRET is not set; the outbox messages use a sample secret (a real send will refuse to run without it)');
  return SAMPLE_SECRET;
}

async function sendTestCopy(to: string, prepare: Awaited<ReturnType<typeof createMessageFactory>>, transport: Transport): Promise<Omit<SendSummary, 'plan'>> {
  const { isValidAddress } = await import('../audience/subscribers.js');
  if (!isValidAddress(to)) throw new UserError(`--to "${to}" is not a valid email address`);
  await verifyTransport(transport);
  let response: string;
  try {
    ({ response } = await transport.send(prepare({ email: to, key: to.toLowerCase(), name: '', fields: { email: to } })));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`the [TEST] copy to ${to} was not sent: ${(error as Error).message}`);
  }
  return { sent: 1, failed: 0, deferred: 0, unknown: 0, test: { to, response } };
}

async function verifyTransport(transport: Transport): Promise<void> {
  try {
    await transport.verify();
  } catch (error) {
    const { code } = error as { code?: string };
    const hint =
      code === 'EAUTH'
        ? 'Check the user name and password in SMTP_URL (or SMTP_USER / SMTP_PASS).'
        : 'Check SMTP_URL (or SMTP_HOST / SMTP_PORT) and that the server is reachable.';
    throw new UserError(`cannot use the SMTP server ${transport.description}: ${(error as Error).message}`, { hint });
  }
}
