import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { UserError } from '../shared/errors.js';
import { fileErrorReason, missingFolderError } from '../shared/output-dir.js';

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
    throw new UserError(`${shownFile}: cannot read the suppression list (${fileErrorReason(error)})`);
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
  /** The file gained the reason, date and detail columns (at the end of its header; its rows kept as they were). */
  upgraded: boolean;
}

/**
 * Adds addresses with their reasons, leaving those already suppressed as they are. New rows
 * are appended; a file without the reason columns (a plain list, or a CSV with only `email`)
 * first gets them at the end of its header, through a temporary file so an interruption never
 * leaves it half written.
 */
export async function addSuppressions(file: string, shownFile: string, entries: readonly Suppression[], options: { dryRun?: boolean; setting?: string } = {}): Promise<AddResult> {
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
  // A dry run (mailbox --dry-run) reports what would be added and writes nothing.
  if (added.length === 0 || options.dryRun) return { added, already, upgraded: false };
  try {
    return { added, already, upgraded: await writeAdded(file, current, added) };
  } catch (error) {
    const again = 'run the command again: nothing was lost, the addresses are added again';
    throw (
      missingFolderError(error, shownFile, options.setting ?? 'suppressionFile', `Then ${again}.`) ??
      new UserError(`${shownFile}: cannot add to the suppression file (${fileErrorReason(error)})`, { hint: `Free some space or fix the permissions, then ${again}.` })
    );
  }
}

/**
 * Appends the new rows; a file without the reason columns first gains them at the end of its
 * header (a plain list gets a header naming its one column `email`). Every earlier line stays
 * byte for byte as it was and every column where it was, so a copy of the old file elsewhere
 * (the weekly workflow merges this file line by line with what others pushed) still lines up.
 * True when the file was upgraded.
 */
async function writeAdded(file: string, current: SuppressionFile, added: Suppression[]): Promise<boolean> {
  const eol = /\r\n/.exec(current.text)?.[0] ?? '\n';
  const missing = COLUMNS.filter((column) => !current.header?.includes(column));
  const header = [...(current.header ?? ['email']), ...(current.header ? missing : COLUMNS.slice(1))];
  const rows = added.map((entry) => header.map((name) => (COLUMNS.includes(name as (typeof COLUMNS)[number]) ? (entry[name as keyof Suppression] ?? '') : '')));
  const newRows = stringify(rows, { record_delimiter: eol });
  if (missing.length === 0) {
    const separator = current.text && !current.text.endsWith('\n') ? eol : '';
    await appendFile(file, separator + newRows);
    return false;
  }
  const text = withColumns(current.text, current.header ? missing : undefined, eol);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text + (text.endsWith('\n') ? '' : eol) + newRows);
  await rename(temporary, file);
  return current.text.trim().length > 0;
}

/** The file with `missing` appended to its header line, or, with no header, a header line of the full columns first. */
function withColumns(text: string, missing: readonly string[] | undefined, eol: string): string {
  if (!missing) {
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    return `${bom}${COLUMNS.join(',')}${eol}${text.slice(bom.length)}`;
  }
  // The header is the first line with anything on it (csv-parse skipped any blank ones before it).
  const start = /^(?:[ \t]*\r?\n)*/.exec(text)![0].length;
  const lineEnd = text.indexOf('\n', start);
  const end = lineEnd === -1 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return `${text.slice(0, end)},${missing.join(',')}${text.slice(end)}`;
}
