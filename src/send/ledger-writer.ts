import type { FileHandle } from 'node:fs/promises';
import { openForAppending } from '../shared/append-lines.js';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';
import type { LedgerEntry } from './ledger.js';

/**
 * Appends outcomes as they happen. Each line is written with its own write() call, so it is in
 * the operating system's hands (surviving a killed process) before the next recipient is
 * recorded; fsync every `syncEvery` lines and at close bounds what a power loss can take. A file
 * whose last line was cut short gets a newline first, so the next record is never glued to it.
 * Any failed or short write breaks the writer: every later record fails too, and the caller stops.
 */
export class LedgerWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private unsynced = 0;
  private failure: UserError | undefined;

  private constructor(
    private readonly handle: FileHandle,
    private readonly shownFile: string,
    private needsNewline: boolean,
    private readonly syncEvery: number,
  ) {}

  static async open(file: string, shownFile: string, syncEvery = 50): Promise<LedgerWriter> {
    try {
      const { handle, needsNewline } = await openForAppending(file);
      return new LedgerWriter(handle, shownFile, needsNewline, syncEvery);
    } catch (error) {
      throw ledgerWriteError(shownFile, error);
    }
  }

  record(entry: LedgerEntry): Promise<void> {
    const write = this.chain.then(async () => {
      if (this.failure) throw this.failure;
      const bytes = Buffer.from(`${this.needsNewline ? '\n' : ''}${JSON.stringify(entry)}\n`);
      try {
        const { bytesWritten } = await this.handle.write(bytes);
        if (bytesWritten !== bytes.length) throw Object.assign(new Error('short write'), { code: 'short write' });
        this.needsNewline = false;
        if (++this.unsynced >= this.syncEvery) {
          this.unsynced = 0;
          await this.handle.sync();
        }
      } catch (error) {
        this.failure = ledgerWriteError(this.shownFile, error);
        throw this.failure;
      }
    });
    this.chain = write.catch(() => {});
    return write;
  }

  async close(): Promise<void> {
    await this.chain;
    try {
      if (!this.failure) await this.handle.sync();
    } catch (error) {
      this.failure = ledgerWriteError(this.shownFile, error);
      throw this.failure;
    } finally {
      await this.handle.close().catch(() => {});
    }
  }
}

export function ledgerWriteError(shownFile: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const cause = (error as NodeJS.ErrnoException).code === 'short write' ? 'only part of a line could be written: the disk is probably full' : fileErrorReason(error);
  return new UserError(`${shownFile}: cannot write the send ledger (${cause})`, {
    hint: 'Sending stopped at once. Free some space (or fix the permissions), then run the same command again: everyone recorded as sent is skipped.',
  });
}
