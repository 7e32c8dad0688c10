import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { UserError } from '../errors.js';

/**
 * Addresses never to mail, lower-cased. The file is a CSV with an `email` column, or simply one
 * address per line; a missing file means nobody is suppressed.
 */
export async function loadSuppressed(file: string, shownFile: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw new UserError(`${shownFile}: cannot read the suppression list (${(error as NodeJS.ErrnoException).code})`);
  }
  const rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  const header = rows[0]?.map((h) => h.toLowerCase()) ?? [];
  const column = Math.max(header.indexOf('email'), 0);
  const body = header.includes('email') ? rows.slice(1) : rows;
  return new Set(body.map((row) => (row[column] ?? '').toLowerCase()).filter((email) => email.includes('@')));
}
