import { setTimeout as sleep } from 'node:timers/promises';
import type { LedgerEntry, LedgerWriter } from './ledger.js';
import type { PreparedMessage, Recipient } from './message.js';
import type { Transport } from './transport.js';

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
  /** Why the run stopped before the end of the list, if it did. */
  stopped?: { reason: 'interrupted' | 'paused' | 'fatal'; message: string };
}

type Verdict = 'transient' | 'permanent' | 'fatal';

/** 4xx replies and network trouble may pass; 5xx replies will not; bad credentials stop everything. */
export function classifySmtpError(error: unknown): Verdict {
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'ETLS' || code === 'ECONFIG') return 'fatal';
  if (typeof responseCode === 'number' && responseCode >= 500) return 'permanent';
  return 'transient';
}

/**
 * Sends to each recipient once, recording every outcome in the ledger only after the server
 * answered, so an interrupted run can resume without mailing anyone twice or skipping anyone.
 * Transient failures are retried with backoff; permanent ones are recorded and the run goes on.
 */
export async function sendAll(
  recipients: AsyncIterable<Recipient>,
  prepare: (recipient: Recipient) => PreparedMessage,
  transport: Transport,
  ledger: Pick<LedgerWriter, 'record'> | undefined,
  options: SenderOptions,
): Promise<SenderResult> {
  const result: SenderResult = { sent: 0, failed: 0, deferred: 0 };
  const inFlight = new Set<Promise<void>>();
  let consecutiveFailures = 0;
  const stop = (reason: NonNullable<SenderResult['stopped']>['reason'], message: string) => {
    result.stopped ??= { reason, message };
  };

  const deliver = async (recipient: Recipient): Promise<void> => {
    const message = prepare(recipient);
    let attempts = 0;
    let status: LedgerEntry['status'];
    let response: string;
    for (;;) {
      attempts++;
      try {
        response = (await transport.send(message)).response;
        status = 'sent';
        break;
      } catch (error) {
        const verdict = classifySmtpError(error);
        response = (error as Error).message;
        if (verdict === 'fatal') {
          stop('fatal', response);
          return; // Unconfirmed: nothing recorded, so a re-run sends it.
        }
        if (verdict === 'permanent') {
          status = 'failed';
          break;
        }
        if (attempts > options.retries || result.stopped) {
          status = 'deferred';
          break;
        }
        await sleep(options.backoffMs * 2 ** (attempts - 1));
      }
    }
    const entry: LedgerEntry = { email: recipient.email, status, build: options.build, messageId: message.messageId, response, attempts, at: options.now().toISOString() };
    await ledger?.record(entry);
    if (status === 'sent') {
      result.sent++;
      consecutiveFailures = 0;
    } else {
      result[status]++;
      if (++consecutiveFailures >= options.pauseAfterFailures) {
        stop('paused', `${consecutiveFailures} failures in a row; the last: ${response}`);
      }
    }
    options.onOutcome?.(entry);
  };

  const onAbort = () => stop('interrupted', 'interrupted');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const recipient of recipients) {
      if (options.signal?.aborted) onAbort();
      if (result.stopped) break;
      const task = deliver(recipient).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    }
  } finally {
    // Messages already handed over finish and are recorded, whatever stopped the loop.
    await Promise.allSettled(inFlight);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return result;
}
