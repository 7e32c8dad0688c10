import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { UserError } from '../errors.js';
import { fileErrorReason } from '../output-dir.js';

/** Why an address is never mailed again; files from older versions have none. */
export type SuppressionReason = 'unsubscribed' | 'bounced-hard' | 'bounced-soft' | 'complained';

export interface Suppression {
  email: string;
  reason?: SuppressionReason | string;
  /** When it was suppressed (ISO 8601). */
  date?: string;
  /** The evidence: a bounce's status and diagnostic, the count of soft bounces, how a request came. */
  detail?: string;
}

const COLUMNS = ['email', 'reason', 'date', 'detail'] as const;

interface SuppressionFile {
  text: string;
  /** Lower-cased column names, or undefined for a plain list of addresses (one per line). */
  header: string[] | undefined;
  rows: string[][];
}

async function readSuppressionFile(file: string, shownFile: string): Promise<SuppressionFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', header: undefined, rows: [] };
    throw new UserError(`${shownFile}: cannot read the suppression list (${(error as NodeJS.ErrnoException).code})`);
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, relax_quotes: true }) as string[][];
  } catch (error) {
    throw new UserError(`${shownFile}: not a readable CSV file: ${(error as Error).message}`, { hint: 'Keep one address per line, or a CSV with an `email` column.' });
  }
  const first = rows[0]?.map((h) => h.toLowerCase());
  const header = first?.includes('email') ? first : undefined;
  return { text, header, rows: header ? rows.slice(1) : rows };
}

/**
 * The suppression file, by lower-cased address. It is a CSV with an `email` column (and,
 * written by this version, `reason`, `date` and `detail`), or simply one address per line.
 */
export async function readSuppressions(file: string, shownFile: string): Promise<Map<string, Suppression>> {
  const { header, rows } = await readSuppressionFile(file, shownFile);
  const at = (name: string) => (header ? header.indexOf(name) : name === 'email' ? 0 : -1);
  const [email, reason, date, detail] = COLUMNS.map(at) as [number, number, number, number];
  const entries = new Map<string, Suppression>();
  for (const row of rows) {
    const address = row[email]?.trim() ?? '';
    if (!address.includes('@') || entries.has(address.toLowerCase())) continue;
    const field = (i: number) => (i >= 0 && row[i] ? { value: row[i]! } : undefined);
    entries.set(address.toLowerCase(), {
      email: address,
      ...(field(reason) ? { reason: field(reason)!.value } : {}),
      ...(field(date) ? { date: field(date)!.value } : {}),
      ...(field(detail) ? { detail: field(detail)!.value } : {}),
    });
  }
  return entries;
}

/** Addresses never to mail, lower-cased; a missing file means nobody is suppressed. */
export async function loadSuppressed(file: string, shownFile: string): Promise<Set<string>> {
  return new Set((await readSuppressions(file, shownFile)).keys());
}

export interface AddResult {
  added: Suppression[];
  /** Already in the file (under any reason): left as they were. */
  already: Suppression[];
  /** The file gained the reason, date and detail columns (its rows kept as they were). */
  upgraded: boolean;
}

/**
 * Adds addresses with their reasons, leaving those already suppressed as they are. New rows
 * are appended; a file without the reason columns (a plain list, or a CSV with only `email`)
 * is first rewritten with them, every existing row and column kept, through a temporary file
 * so an interruption never leaves it half written.
 */
export async function addSuppressions(file: string, shownFile: string, entries: readonly Suppression[]): Promise<AddResult> {
  const current = await readSuppressionFile(file, shownFile);
  const existing = await readSuppressions(file, shownFile);
  const added: Suppression[] = [];
  const already: Suppression[] = [];
  for (const entry of entries) {
    const key = entry.email.toLowerCase();
    if (existing.has(key)) already.push(existing.get(key)!);
    else {
      existing.set(key, entry);
      added.push(entry);
    }
  }
  if (added.length === 0) return { added, already, upgraded: false };
  try {
    return { added, already, upgraded: await writeAdded(file, current, added) };
  } catch (error) {
    throw new UserError(`${shownFile}: cannot add to the suppression file (${fileErrorReason(error)})`, {
      hint: 'Free some space or fix the permissions, then run the command again: nothing was lost, the addresses are added again.',
    });
  }
}

/** Appends the new rows, or rewrites the file in the full format when it has the old one; true when it was upgraded. */
async function writeAdded(file: string, current: SuppressionFile, added: Suppression[]): Promise<boolean> {
  const complete = current.header && COLUMNS.every((c) => current.header!.includes(c));
  if (complete) {
    const header = current.header!;
    const rows = added.map((entry) => header.map((name) => (COLUMNS.includes(name as (typeof COLUMNS)[number]) ? (entry[name as keyof Suppression] ?? '') : '')));
    const separator = current.text && !current.text.endsWith('\n') ? '\n' : '';
    await appendFile(file, separator + stringify(rows));
    return false;
  }
  // Upgrade: the known columns first, then any others the file had, in their order.
  const oldHeader = current.header ?? ['email'];
  const extra = oldHeader.filter((name) => !COLUMNS.includes(name as (typeof COLUMNS)[number]));
  const header = [...COLUMNS, ...extra];
  const fromOld = current.rows.map((row) => header.map((name) => row[oldHeader.indexOf(name)] ?? ''));
  const fromNew = added.map((entry) => header.map((name) => (COLUMNS.includes(name as (typeof COLUMNS)[number]) ? (entry[name as keyof Suppression] ?? '') : '')));
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, stringify([header, ...fromOld, ...fromNew]));
  await rename(temporary, file);
  return current.text.trim().length > 0;
}
