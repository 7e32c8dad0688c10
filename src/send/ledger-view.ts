import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { AddressTable } from '../audience/address-table.js';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';
import { readLines } from '../shared/read-lines.js';
import { LEDGER_FILE, parseRecord, salvageRecord, STATUS_CODES, STATUSES, type LedgerEntry, type LedgerStatus } from './ledger.js';

export type Listed = Pick<LedgerEntry, 'email' | 'response' | 'at'>;

/** How many failed or unknown addresses are kept for display; the counts are always exact. */
const LISTED_MAX = 1000;
const PROBLEMS_MAX = 20;

/**
 * Every recipient's outcome across the ledgers read, in bounded memory (fingerprints, not
 * entries). Once an address is recorded as sent it stays sent; otherwise its latest line counts.
 */
export class LedgerView {
  readonly files: string[] = [];
  /** Builds (issue.html sha256) that reached someone: sent, or possibly sent. */
  readonly builds = new Set<string>();
  /** When the latest of those reached someone (ISO time, '' when none did). */
  lastReached = '';
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
    if (entry.status === 'sent' || entry.status === 'unknown') {
      if (entry.build) this.builds.add(entry.build);
      if (entry.at > this.lastReached) this.lastReached = entry.at;
    }
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
    // No folder (or a file in its place): no ledger, so nobody was mailed; whoever writes there names the problem.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return view;
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

function byShard(a: string, b: string): number {
  // The unsharded ledger first, then the shards in a stable order.
  return a === 'sends.jsonl' ? -1 : b === 'sends.jsonl' ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

