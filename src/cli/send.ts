import { createInterface } from 'node:readline/promises';
import { UsageError } from '../shared/errors.js';
import type { SendPlan } from '../commands/send.js';
import type { LedgerEntry } from '../send/ledger.js';
import { parseShard } from '../send/shard.js';
import type { Output } from './output.js';
import { report } from './send-report.js';
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

  const stopping = stopOnSignals(output);
  let progress: ReturnType<typeof createProgress> | undefined;
  try {
    const summary = await sendIssue({
      cwd: process.cwd(),
      env: process.env,
      connections,
      signal: stopping.signal,
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
      onRecipient: (r, plan) => !output.json && output.out(`  would ${plan.kind === 'outbox' ? 'write to the outbox for' : 'send to'} ${r.name ? `${r.name} <${r.email}>` : r.email}`),
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
    stopping.release();
  }
}

/**
 * SIGINT and SIGTERM stop the send after the messages in flight. Kept for every signal, not once:
 * a cancel in CI sends SIGINT, then SIGTERM, and a second signal with no listener would kill the
 * process while messages are on a connection.
 */
function stopOnSignals(output: Output): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
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
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    },
  };
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
