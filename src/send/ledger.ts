import { readdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { openForAppending } from '../shared/append-lines.js';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';
import { AddressTable } from '../audience/address-table.js';
import { readLines } from '../shared/read-lines.js';
import type { Shard } from './shard.js';

/** One recipient's outcome, one JSON line each in digests/<week>/sends*.jsonl. */
export interface LedgerEntry {
  email: string;
  /**
   * sent: the server accepted it. failed: refused permanently (5xx). deferred: transient failures
   * outlasted the retries. unknown: the connection dropped or timed out after the whole message
   * was handed over, so the server may have accepted it; never retried without --retry-unknown.
   */
  status: LedgerStatus;
  /** sha256 of the issue.html that was sent. */
  build: string;
  messageId: string;
  response: string;
  attempts: number;
  at: string;
}

export type LedgerStatus = 'sent' | 'failed' | 'deferred' | 'unknown';

const STATUS_CODES: Record<LedgerStatus, number> = { sent: 1, failed: 2, deferred: 3, unknown: 4 };
const STATUSES = Object.keys(STATUS_CODES) as LedgerStatus[];
/** How many failed or unknown addresses are kept for display; the counts are always exact. */
const LISTED_MAX = 1000;
const PROBLEMS_MAX = 20;

/** A week's ledger files: the unsharded one and those of any `--shard I/N`. */
export const LEDGER_FILE = /^sends(\.shard-\d+-of-\d+)?\.jsonl$/;

export function ledgerFileName(shard: Shard | undefined): string {
  return shard && shard.count > 1 ? `sends.shard-${shard.index}-of-${shard.count}.jsonl` : 'sends.jsonl';
}

export type Listed = Pick<LedgerEntry, 'email' | 'response' | 'at'>;

/**
 * Every recipient's outcome across the ledgers read, in bounded memory (fingerprints, not
 * entries). Once an address is recorded as sent it stays sent; otherwise its latest line counts.
 */
export class LedgerView {
  readonly files: string[] = [];
  /** Builds (issue.html sha256) that reached someone: sent, or possibly sent. */
  readonly builds = new Set<string>();
  readonly counts: Record<LedgerStatus, number> = { sent: 0, failed: 0, deferred: 0, unknown: 0 };
  /** Up to 1,000 of the addresses that failed permanently, and of those with an unknown outcome. */
  readonly failures = new Map<string, Listed>();
  readonly unknowns = new Map<string, Listed>();
  /** Lines that are not records, as "file:line: what" (the first 20), and how many in all. */
  readonly problems: string[] = [];
  problemCount = 0;
  private readonly table = new AddressTable();

  status(key: string): LedgerStatus | undefined {
    return STATUSES[this.table.get(key) - 1];
  }

  add(entry: Pick<LedgerEntry, 'email' | 'status' | 'build' | 'response' | 'at'>): void {
    const key = entry.email.toLowerCase();
    if (entry.build && (entry.status === 'sent' || entry.status === 'unknown')) this.builds.add(entry.build);
    const code = this.table.update(key, (previous) => (previous === STATUS_CODES.sent ? previous : STATUS_CODES[entry.status]));
    const previous = STATUSES[code - 1];
    if (previous === 'sent') return;
    if (previous) this.counts[previous]--;
    this.counts[entry.status]++;
    this.failures.delete(key);
    this.unknowns.delete(key);
    const list = entry.status === 'failed' ? this.failures : entry.status === 'unknown' ? this.unknowns : undefined;
    if (list && list.size < LISTED_MAX) list.set(key, { email: entry.email, response: entry.response, at: entry.at });
  }

  problem(message: string): void {
    if (this.problemCount++ < PROBLEMS_MAX) this.problems.push(message);
  }
}

/**
 * Reads every ledger of a week's folder (whatever the sharding: a send must honour them all).
 * A line that is not a record is reported by number, never fatal; a record cut short by a crash
 * or a full disk still names its address, and counts as unknown unless its status survived.
 */
export async function readWeekLedgers(dir: string, shownDir: string, options: { signal?: AbortSignal } = {}): Promise<LedgerView> {
  const view = new LedgerView();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => LEDGER_FILE.test(name)).sort(byShard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return view;
    throw new UserError(`${shownDir}: cannot read the folder (${fileErrorReason(error)})`);
  }
  for (const name of names) await readLedgerInto(view, path.join(dir, name), path.join(shownDir, name), options.signal);
  return view;
}

async function readLedgerInto(view: LedgerView, file: string, shownFile: string, signal?: AbortSignal): Promise<void> {
  view.files.push(shownFile);
  try {
    for await (const line of readLines(file, signal ? { signal } : {})) {
      if (!line.text.trim()) continue;
      const entry = parseRecord(line.text);
      if (entry) {
        view.add(entry);
        continue;
      }
      const salvaged = salvageRecord(line.text);
      if (salvaged) {
        view.add(salvaged);
        view.problem(`${shownFile}:${line.number}: a record cut short (a crash or a full disk?): ${salvaged.email} counted as ${salvaged.status}`);
      } else {
        view.problem(`${shownFile}:${line.number}: not a ledger record, ignored`);
      }
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new UserError(`${shownFile}: cannot read the send ledger (${fileErrorReason(error)})`);
  }
}

/** One ledger line as a record, or undefined when it is not one (a torn line, a stray edit). */
export function parseRecord(text: string): LedgerEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const entry = value as Partial<LedgerEntry> | null;
  if (!entry || typeof entry !== 'object' || typeof entry.email !== 'string' || !entry.email.includes('@')) return undefined;
  if (typeof entry.status !== 'string' || !(entry.status in STATUS_CODES)) return undefined;
  return { build: '', messageId: '', response: '', attempts: 0, at: '', ...entry } as LedgerEntry;
}

/** The address (and status, if it got that far) of a line torn mid-write; records start with them. */
function salvageRecord(text: string): Pick<LedgerEntry, 'email' | 'status' | 'build' | 'response' | 'at'> | undefined {
  const match = /^\{"email":"((?:[^"\\]|\\.)+)"(?:,"status":"([a-z]+)")?/.exec(text);
  if (!match) return undefined;
  let email: string;
  try {
    email = JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return undefined;
  }
  if (!email.includes('@')) return undefined;
  const status = match[2] && match[2] in STATUS_CODES ? (match[2] as LedgerStatus) : 'unknown';
  const build = /"build":"([0-9a-f]{64})"/.exec(text)?.[1] ?? '';
  return { email, status, build, response: 'record cut short', at: '' };
}

function byShard(a: string, b: string): number {
  // The unsharded ledger first, then the shards in a stable order.
  return a === 'sends.jsonl' ? -1 : b === 'sends.jsonl' ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

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
