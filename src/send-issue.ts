import path from 'node:path';
import { loadConfig, resolveWeek } from './config.js';
import { readBuiltIssue } from './digest-store.js';
import { UserError } from './errors.js';
import { readLedger, LedgerWriter, type LedgerEntry, type LedgerState } from './send/ledger.js';
import { acquireLock } from './send/lock.js';
import { createMessageFactory, type Recipient } from './send/message.js';
import { sendAll, type SenderResult } from './send/sender.js';
import { inShard, shardSuffix, type Shard } from './send/shard.js';
import { readSubscribers, type SubscriberProblem } from './send/subscribers.js';
import { loadSuppressed } from './send/suppression.js';
import { alignmentWarnings } from './send/alignment.js';
import { dkimFromEnv, outboxTransport, smtpSettingsFromEnv, smtpTransport, type Transport } from './send/transport.js';
import type { Week } from './week.js';

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
  retryFailed?: boolean;
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
  suppressed: number;
  ledger: string | undefined;
}

export interface SendSummary extends SenderResult {
  plan: SendPlan;
  test?: { to: string; response: string };
  cancelled?: boolean;
}

export async function sendIssue(options: SendOptions): Promise<SendSummary> {
  const now = options.now ?? (() => new Date());
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, now());
  const show = (file: string) => path.relative(options.cwd, file) || file;
  const issueDir = path.join(path.resolve(root, config.digestsDir), week.label);
  const issue = await readBuiltIssue(issueDir, show(issueDir), week.label);

  const smtp = smtpSettingsFromEnv(options.env);
  const outboxDir = path.join(issueDir, 'outbox');
  const transport = smtp
    ? smtpTransport(smtp, {
        connections: options.connections ?? 5,
        ...(options.rate ? { rate: options.rate } : {}),
        ...withDkim(options.env),
        onConnectionsReduced: (n, reply) => options.onWarning?.(`the server refused a connection (${reply.trim()}): going on with ${n} connection(s)`),
      })
    : outboxTransport(outboxDir, show(outboxDir));
  for (const warning of alignmentWarnings(config, dkimFromEnv(options.env))) options.onWarning?.(warning);
  const secret = unsubscribeSecret(options.env, transport, options.onWarning);
  const prepare = await createMessageFactory(
    { week: week.label, subject: issue.manifest.subject, html: issue.html, text: issue.text },
    { config, secret, date: now(), test: Boolean(options.to) },
  );
  const basePlan = { week, subject: issue.manifest.subject, transport: transport.description, kind: transport.kind };

  try {
    if (options.to)
      return {
        ...(await sendTestCopy(options.to, prepare, transport)),
        plan: { ...basePlan, pending: 1, alreadySent: 0, failedBefore: 0, suppressed: 0, ledger: undefined },
      };

    // Outbox runs write files only; they never touch the ledger that real sends rely on.
    const ledgerFile = transport.kind === 'smtp' ? path.join(issueDir, `sends${shardSuffix(options.shard)}.jsonl`) : undefined;
    // Locked before the ledger is read: a send finishing in between must not leave us a stale view.
    const lockFile = ledgerFile && !options.dryRun ? ledgerFile.replace(/\.jsonl$/, '.lock') : undefined;
    const release = lockFile ? await acquireLock(lockFile, show(lockFile)) : undefined;
    try {
      const ledger: LedgerState = ledgerFile ? await readLedger(ledgerFile) : { outcomes: new Map(), builds: new Set() };
      if (ledger.builds.size > 0 && !ledger.builds.has(issue.sha256) && !options.allowChanged) {
        throw new UserError(`${show(ledgerFile!)}: ${week.label} was recomposed after sending began; the ledger records a different issue.html`, {
          hint: 'Send the issue that went out to the others by restoring it, or pass --allow-changed to send the new version to those not yet mailed.',
        });
      }

      const subscribersFile = path.resolve(options.subscribersFile ? options.cwd : root, options.subscribersFile ?? config.subscribers);
      const suppressedFile = path.resolve(root, config.suppressionFile);
      const suppressed = await loadSuppressed(suppressedFile, show(suppressedFile));
      const counts = { pending: 0, alreadySent: 0, failedBefore: 0, suppressed: 0 };
      const wanted = (key: string, count: boolean): boolean => {
        const outcome = ledger.outcomes.get(key)?.status;
        const reason = suppressed.has(key)
          ? 'suppressed'
          : outcome === 'sent'
            ? 'alreadySent'
            : outcome === 'failed' && !options.retryFailed
              ? 'failedBefore'
              : 'pending';
        if (count) counts[reason]++;
        return reason === 'pending';
      };
      const listed = (onProblem?: SendOptions['onProblem']) =>
        readSubscribers(subscribersFile, show(subscribersFile), {
          ...(options.strict ? { strict: true } : {}),
          ...(onProblem ? { onProblem: (problem) => onProblem({ ...problem, file: show(subscribersFile) }) } : {}),
        });

      // First pass: count, and report invalid rows once; the list is streamed, never held whole.
      for await (const subscriber of listed(options.onProblem)) {
        if (inShard(subscriber.key, options.shard)) wanted(subscriber.key, true);
      }
      const plan: SendPlan = { ...basePlan, ...counts, ledger: ledgerFile && show(ledgerFile) };
      const recipients = async function* () {
        for await (const subscriber of listed()) {
          if (inShard(subscriber.key, options.shard) && wanted(subscriber.key, false)) yield subscriber;
        }
      };

      if (options.dryRun) {
        for await (const recipient of recipients()) options.onRecipient?.(recipient);
        return { plan, sent: 0, failed: 0, deferred: 0 };
      }
      if (plan.pending === 0) return { plan, sent: 0, failed: 0, deferred: 0 };
      if (options.confirm && !(await options.confirm(plan))) return { plan, sent: 0, failed: 0, deferred: 0, cancelled: true };

      await verifyTransport(transport);
      options.onStart?.(plan);
      const writer = ledgerFile ? await LedgerWriter.open(ledgerFile) : undefined;
      try {
        const result = await sendAll(recipients(), prepare, transport, writer, {
          maxInFlight: Math.max(1, (options.connections ?? 5) * 4),
          retries: options.retries ?? 3,
          backoffMs: options.backoffMs ?? 2_000,
          pauseAfterFailures: options.pauseAfterFailures ?? 20,
          build: issue.sha256,
          now,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
        });
        return { ...result, plan };
      } finally {
        await writer?.close();
      }
    } finally {
      await release?.();
    }
  } finally {
    await transport.close();
  }
}

function withDkim(env: NodeJS.ProcessEnv) {
  const dkim = dkimFromEnv(env);
  return dkim ? { dkim } : {};
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
  const { isValidAddress } = await import('./send/subscribers.js');
  if (!isValidAddress(to)) throw new UserError(`--to "${to}" is not a valid email address`);
  await verifyTransport(transport);
  const { response } = await transport.send(prepare({ email: to, key: to.toLowerCase(), name: '', fields: { email: to } }));
  return { sent: 1, failed: 0, deferred: 0, test: { to, response } };
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
