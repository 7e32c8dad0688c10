import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../shared/errors.js';
import type { LedgerEntry, LedgerStatus } from './ledger.js';
import type { LedgerWriter } from './ledger-writer.js';
import type { PreparedMessage, Recipient } from './message.js';
import type { SendFailure, Transport } from './transport.js';

export interface SenderOptions {
  /** Messages handed to the transport at once; bounds memory whatever the list size. */
  maxInFlight: number;
  /** Further attempts after a transient failure. */
  retries: number;
  /** First backoff delay; doubled on each retry. */
  backoffMs: number;
  /** This many failures in a row pause the run. */
  pauseAfterFailures: number;
  build: string;
  now: () => Date;
  signal?: AbortSignal;
  onOutcome?: (entry: LedgerEntry) => void;
}

export interface SenderResult {
  sent: number;
  failed: number;
  deferred: number;
  /** Handed over, then the connection dropped or timed out before the reply: maybe delivered. */
  unknown: number;
  /** Why the run stopped before the end of the list, if it did. */
  stopped?: { reason: 'interrupted' | 'paused' | 'fatal' | 'ledger'; message: string };
  /** Outcomes the ledger could not take after it failed: they happened, but no file says so. */
  unrecorded?: LedgerEntry[];
}

type Verdict = 'transient' | 'permanent' | 'fatal' | 'unknown' | 'cancelled';

/**
 * 4xx replies and network trouble before the message was handed over may pass; 5xx replies will
 * not; a drop or timeout after it was handed over leaves the outcome unknown (retrying could mail
 * twice); bad credentials, and the run's own files failing, stop everything.
 */
export function classifySmtpError(error: unknown): Verdict {
  const { code, responseCode, cancelled, outcomeUnknown } = error as SendFailure;
  if (cancelled) return 'cancelled';
  if (error instanceof UserError || code === 'EAUTH' || code === 'ENOAUTH' || code === 'ETLS' || code === 'ECONFIG') return 'fatal';
  if (outcomeUnknown) return 'unknown';
  if (typeof responseCode === 'number' && responseCode >= 500) return 'permanent';
  return 'transient';
}

/**
 * Sends to each recipient once, recording every outcome in the ledger only after the server
 * answered, so an interrupted run can resume without mailing anyone twice or skipping anyone.
 * Transient failures are retried with backoff; permanent ones are recorded and the run goes on.
 * Stopping (a signal, a pause, a fatal error, the ledger failing) takes no further recipient,
 * cancels what still waits in the transport's queue and lets what is on a connection finish.
 */
export async function sendAll(
  recipients: AsyncIterable<Recipient>,
  prepare: (recipient: Recipient) => PreparedMessage,
  transport: Transport,
  ledger: Pick<LedgerWriter, 'record'> | undefined,
  options: SenderOptions,
): Promise<SenderResult> {
  const result: SenderResult = { sent: 0, failed: 0, deferred: 0, unknown: 0 };
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();
  let consecutiveFailures = 0;
  const stop = (reason: NonNullable<SenderResult['stopped']>['reason'], message: string) => {
    result.stopped ??= { reason, message };
    stopping.abort();
  };

  const deliver = async (recipient: Recipient): Promise<void> => {
    const message = prepare(recipient);
    const outcome = await attemptDelivery(message, transport, options, stopping.signal, () => Boolean(result.stopped));
    if (outcome === 'cancelled') return; // Never handed over: nothing to record, a re-run sends it.
    if ('fatal' in outcome) return stop('fatal', outcome.fatal); // Unconfirmed: nothing recorded, so a re-run sends it.
    const { status, response, attempts } = outcome;
    const entry: LedgerEntry = { email: recipient.email, status, build: options.build, messageId: message.messageId, response, attempts, at: options.now().toISOString() };
    try {
      await ledger?.record(entry);
    } catch (error) {
      (result.unrecorded ??= []).push(entry);
      stop('ledger', (error as Error).message);
    }
    result[status]++;
    consecutiveFailures = status === 'sent' ? 0 : consecutiveFailures + 1;
    if (consecutiveFailures >= options.pauseAfterFailures) stop('paused', `${consecutiveFailures} failures in a row; the last: ${response}`);
    options.onOutcome?.(entry);
  };

  const onAbort = () => stop('interrupted', 'interrupted');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // A stop that came before the listener (while the caller prepared) must not read as a complete run.
  if (options.signal?.aborted) onAbort();
  try {
    for await (const recipient of recipients) {
      if (options.signal?.aborted) onAbort();
      if (result.stopped) break;
      const task = deliver(recipient).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    }
  } finally {
    // Messages already on a connection finish and are recorded, whatever stopped the loop.
    await Promise.allSettled(inFlight);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return result;
}

type Attempt = { status: LedgerStatus; response: string; attempts: number } | { fatal: string } | 'cancelled';

/** One message, retried with backoff while failures are transient and the run goes on. */
async function attemptDelivery(message: PreparedMessage, transport: Transport, options: SenderOptions, stopping: AbortSignal, stopped: () => boolean): Promise<Attempt> {
  for (let attempts = 1; ; attempts++) {
    try {
      return { status: 'sent', response: (await transport.send(message, { stop: stopping })).response, attempts };
    } catch (error) {
      const verdict = classifySmtpError(error);
      const response = (error as Error).message;
      if (verdict === 'cancelled') return 'cancelled';
      if (verdict === 'fatal') return { fatal: response };
      if (verdict === 'permanent' || verdict === 'unknown') return { status: verdict === 'permanent' ? 'failed' : 'unknown', response, attempts };
      if (attempts > options.retries || stopped()) return { status: 'deferred', response, attempts };
      const waited = await sleep(options.backoffMs * 2 ** (attempts - 1), true, { signal: stopping }).catch(() => false);
      if (!waited) return { status: 'deferred', response, attempts };
    }
  }
}
