// The send ledger's record: one JSON line per recipient outcome in digests/<week>/sends*.jsonl.
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

export const STATUS_CODES: Record<LedgerStatus, number> = { sent: 1, failed: 2, deferred: 3, unknown: 4 };
export const STATUSES = Object.keys(STATUS_CODES) as LedgerStatus[];

/** A week's ledger files: the unsharded one and those of any `--shard I/N`. */
export const LEDGER_FILE = /^sends(\.shard-\d+-of-\d+)?\.jsonl$/;

export function ledgerFileName(shard: Shard | undefined): string {
  return shard && shard.count > 1 ? `sends.shard-${shard.index}-of-${shard.count}.jsonl` : 'sends.jsonl';
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
export function salvageRecord(text: string): Pick<LedgerEntry, 'email' | 'status' | 'build' | 'response' | 'at'> | undefined {
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

