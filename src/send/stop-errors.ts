// How a send that stops early is told to the editor: what happened, and what a re-run does.
import { UserError } from '../shared/errors.js';
import type { SenderResult } from './sender.js';

export function signalOption(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

export function interrupted(): UserError {
  return new UserError('interrupted before sending began: nothing was sent', { hint: 'Run the same command again when ready.' });
}

/** A stop signal while preparing becomes the user-facing "nothing was sent". */
export async function interruptible<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw interrupted();
    throw error;
  }
}

/** The ledger failed mid-send: say so, and hand over what happened but could not be written. */
export function unrecordedError(result: SenderResult, ledger: string): UserError {
  const unrecorded = result.unrecorded ?? [];
  return new UserError(`${result.stopped!.message}; sending stopped at once (${result.sent} sent in this run)`, {
    details: [
      `${unrecorded.length} outcome(s) happened but could not be recorded. Once there is space, append these lines to ${ledger}, or those subscribers will be mailed again:`,
      ...unrecorded.map((entry) => JSON.stringify(entry)),
    ],
    hint: 'Free some space, append the lines above, then run the same command again: everyone recorded as sent is skipped.',
  });
}
