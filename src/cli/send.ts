import { createInterface } from 'node:readline/promises';
import { UsageError } from '../shared/errors.js';
import type { SendPlan, SendSummary } from '../commands/send.js';
import type { LedgerEntry } from '../send/ledger.js';
import { parseShard } from '../send/shard.js';
import type { Output } from './output.js';
import { createProgress } from './progress.js';

export interface SendFlags {
  week?: string | true;
  subscribers?: string;
  to?: string;
  dryRun?: boolean;
  yes?: boolean;
  connections?: string;
  rate?: string;
  shard?: string;
  strict?: boolean;
  allowChanged?: boolean;
  allowStale?: boolean;
  retryFailed?: boolean;
  retryUnknown?: boolean;
  config?: string;
}

export async function sendCommand(flags: SendFlags, output: Output): Promise<number> {
  const connections = flags.connections === undefined ? 5 : wholeNumber('--connections', flags.connections, 1, 100);
  const rate = flags.rate === undefined ? undefined : positiveNumber('--rate', flags.rate);
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const { sendIssue } = await import('../commands/send.js');

  const controller = new AbortController();
  // Kept for every signal, not once: a cancel in CI sends SIGINT, then SIGTERM, and a second
  // signal with no listener would kill the process while messages are on a connection.
  const interrupt = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      output.err(`${signal}: already stopping: finishing the messages in flight…`);
      return;
    }
    output.err(`${signal}: finishing the messages in flight, then stopping…`);
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let progress: ReturnType<typeof createProgress> | undefined;
  try {
    const summary = await sendIssue({
      cwd: process.cwd(),
      env: process.env,
      connections,
      signal: controller.signal,
      // The first retry delay; lowered in tests, documented for slow relays.
      ...(process.env.WATCH_DIGEST_BACKOFF_MS ? { backoffMs: wholeNumber('WATCH_DIGEST_BACKOFF_MS', process.env.WATCH_DIGEST_BACKOFF_MS, 0, 600_000) } : {}),
      ...(flags.config ? { configFile: flags.config } : {}),
      ...(typeof flags.week === 'string' ? { week: flags.week } : {}),
      ...(flags.subscribers ? { subscribersFile: flags.subscribers } : {}),
      ...(flags.to ? { to: flags.to } : {}),
      ...(rate ? { rate } : {}),
      ...(shard ? { shard } : {}),
      dryRun: Boolean(flags.dryRun),
      strict: Boolean(flags.strict),
      allowChanged: Boolean(flags.allowChanged),
      allowStale: Boolean(flags.allowStale),
      retryFailed: Boolean(flags.retryFailed),
      retryUnknown: Boolean(flags.retryUnknown),
      onProblem: (p) => output.err(`warning: ${p.file}:${p.line}: ${p.message}`),
      onWarning: (message) => output.err(`warning: ${message}`),
      onRecipient: (r) => !output.json && output.out(`  would send to ${r.name ? `${r.name} <${r.email}>` : r.email}`),
      confirm: (plan) => confirm(plan, Boolean(flags.yes), output),
      onStart: (plan) => {
        const action = plan.kind === 'outbox' ? 'Writing' : 'Sending';
        if (!output.quiet && !output.json) output.out(`${action} ${plan.week.label} "${plan.subject}" for ${plan.pending} subscriber(s): ${plan.transport}`);
        progress = output.json || output.quiet ? undefined : createProgress(plan.pending, output);
      },
      onOutcome: (entry: LedgerEntry) => {
        progress?.tick(entry.status === 'sent');
        if (entry.status !== 'sent' && !output.json) output.err(`${entry.status}: ${entry.email}: ${entry.response}`);
      },
    });
    progress?.stop();
    return report(summary, output, Boolean(flags.dryRun));
  } finally {
    progress?.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

async function confirm(plan: SendPlan, yes: boolean, output: Output): Promise<boolean> {
  if (yes || plan.kind === 'outbox') return true;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(`refusing to send ${plan.week.label} to ${plan.pending} subscriber(s) without confirmation: not on a terminal`, 'Pass --yes to send unattended (as in CI), or --dry-run to see who would be mailed.');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    output.out(`Subject:    ${plan.subject}`);
    output.out(`Recipients: ${plan.pending}${plan.alreadySent ? ` (${plan.alreadySent} already sent are skipped)` : ''}`);
    output.out(`Transport:  ${plan.transport}`);
    const answer = await prompt.question('Send now? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

function report(summary: SendSummary, output: Output, dryRun: boolean): number {
  const { plan } = summary;
  const complete =
    !summary.stopped && !summary.cancelled && summary.failed === 0 && summary.deferred === 0 && summary.unknown === 0 && plan.failedBefore === 0 && plan.unknownBefore === 0;
  // A dry run that ran did its job, whatever earlier runs left undelivered (the text says so).
  const exitCode = dryRun || complete ? 0 : 1;
  if (output.json) {
    output.out(
      JSON.stringify({
        week: plan.week.label,
        subject: plan.subject,
        transport: plan.transport,
        kind: plan.kind,
        sent: summary.sent,
        failed: summary.failed,
        deferred: summary.deferred,
        unknown: summary.unknown,
        alreadySent: plan.alreadySent,
        failedBefore: plan.failedBefore,
        unknownBefore: plan.unknownBefore,
        suppressed: plan.suppressed,
        pending: plan.pending,
        ledger: plan.ledger ?? null,
        ledgers: plan.ledgers,
        stopped: summary.stopped ?? null,
        cancelled: Boolean(summary.cancelled),
        test: summary.test ?? null,
        dryRun,
      }),
    );
    return exitCode;
  }
  if (summary.test) {
    output.out(`Sent a [TEST] copy of ${plan.week.label} to ${summary.test.to} via ${plan.transport} (${summary.test.response})`);
    return 0;
  }
  if (summary.cancelled) {
    output.err('Cancelled: nothing was sent.');
    return 1;
  }
  if (dryRun) {
    // A dry run wrote and sent nothing: say what a real run would do, not what it did.
    if (!output.quiet) {
      const skipped = plan.alreadySent + plan.suppressed + plan.failedBefore + plan.unknownBefore;
      const would =
        plan.kind === 'outbox'
          ? `with no SMTP settings, a real run would write ${plan.pending} .eml file(s) to ${plan.transport.replace(/^outbox | \(.*\)$/g, '')}`
          : `a real run would send ${plan.pending} message(s) via ${plan.transport}`;
      output.out(`Dry run, nothing was sent or written: ${would}${skipped ? ` (${skipped} subscriber(s) skipped: ${skippedReasons(plan).join(', ')})` : ''}.`);
    }
    return exitCode;
  }
  if (!output.quiet) {
    const skipped = skippedReasons(plan);
    const verb = plan.kind === 'outbox' ? 'written to the outbox' : 'sent';
    const unknown = summary.unknown ? `, ${summary.unknown} unknown` : '';
    output.out(`${plan.week.label}: ${summary.sent} ${verb}, ${summary.failed} failed, ${summary.deferred} deferred${unknown}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`);
    if (plan.kind === 'outbox') output.out(`Nothing was sent: no SMTP settings (set SMTP_URL to send for real). ${plan.transport.replace(/ \(.*\)$/, '')} holds one .eml per subscriber.`);
    else if (plan.ledger) output.out(`Ledger: ${plan.ledger}`);
  }
  if (summary.stopped) {
    const resume = 'Run the same command again to resume: subscribers already sent are skipped.';
    if (summary.stopped.reason === 'interrupted') output.err(`Interrupted: the messages in flight were recorded. ${resume}`);
    else if (summary.stopped.reason === 'paused') output.err(`Paused after ${summary.stopped.message}. Fix the cause, then: ${resume}`);
    else output.err(`Stopped: ${summary.stopped.message}. ${resume}`);
  } else if (summary.unknown) {
    output.err(
      `${summary.unknown} message(s) have an unknown outcome: the connection was lost after they went out, so the server may have accepted them. They are not retried: see \`watch-digest status --week ${plan.week.label}\`, and pass --retry-unknown to mail them again.`,
    );
  } else if (!complete) {
    output.err(`Not everyone was sent: see \`watch-digest status --week ${plan.week.label}\`; deferred subscribers are retried by running send again.`);
  }
  return exitCode;
}

/** Why subscribers are left out of this run, for the summary lines. */
function skippedReasons(plan: SendPlan): string[] {
  return [
    plan.alreadySent && `${plan.alreadySent} already sent`,
    plan.suppressed && `${plan.suppressed} unsubscribed`,
    plan.failedBefore && `${plan.failedBefore} failed before (--retry-failed to try again)`,
    plan.unknownBefore && `${plan.unknownBefore} unknown before (--retry-unknown to mail them again)`,
  ].filter((part): part is string => Boolean(part));
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} "${value}": expected a whole number from ${min} to ${max}`);
  return n;
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} "${value}": expected a number of messages per second above 0`);
  return n;
}
