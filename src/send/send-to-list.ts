import { LedgerWriter } from './ledger-writer.js';
import type { LedgerEntry } from './ledger.js';
import type { PreparedMessage, Recipient } from './message.js';
import { pendingRecipients } from './plan.js';
import type { Run } from './recipients.js';
import { sendAll, type SenderResult } from './sender.js';
import { interrupted, signalOption, unrecordedError } from './stop-errors.js';
import type { Transport } from './transport.js';

export interface SendToListOptions {
  connections?: number | undefined;
  retries?: number | undefined;
  backoffMs?: number | undefined;
  pauseAfterFailures?: number | undefined;
  signal?: AbortSignal | undefined;
  onOutcome?: ((entry: LedgerEntry) => void) | undefined;
}

/** Opens the ledger and sends to everyone pending; a ledger that fails stops the run with what could not be recorded. */
export async function sendToList(
  run: Run,
  prepare: (recipient: Recipient) => PreparedMessage,
  transport: Transport,
  ledger: { file: string; shown: string } | undefined,
  build: string,
  options: SendToListOptions,
  now: () => Date,
): Promise<SenderResult> {
  const { signal } = options;
  const writer = ledger ? await LedgerWriter.open(ledger.file, ledger.shown) : undefined;
  // Stopped during the SMTP check, the lock check or the ledger's opening: nobody was mailed.
  if (signal?.aborted) {
    await writer?.close().catch(() => {});
    throw interrupted();
  }
  let result: SenderResult;
  try {
    result = await sendAll(pendingRecipients(run.subscribers(), run.rules, signal), prepare, transport, writer, {
      maxInFlight: Math.max(1, (options.connections ?? 5) * 4),
      retries: options.retries ?? 3,
      backoffMs: options.backoffMs ?? 2_000,
      pauseAfterFailures: options.pauseAfterFailures ?? 20,
      build,
      now,
      ...signalOption(signal),
      ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
    });
  } finally {
    await writer?.close().catch(() => {});
  }
  if (result.stopped?.reason === 'ledger') throw unrecordedError(result, ledger!.shown);
  return result;
}

