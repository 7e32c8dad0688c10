import { excerpt } from '../shared/excerpt.js';
import { UserError } from '../shared/errors.js';
import type { Delimiter } from './csv-source.js';

/** No subscriber row comes near this; a longer one means the file is not a subscriber CSV. */
export const MAX_ROW_CHARACTERS = 64 * 1024;

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** No `email` column: name the columns found (quoted short and clean: the file may be anything), and a delimiter that was not recognised. */
export function missingEmailColumn(shownFile: string, header: string[]): UserError {
  const shown = header.slice(0, 8).map((name) => `"${excerpt(name.trim(), 30)}"`);
  const found = `${shown.join(', ')}${header.length > 8 ? `, and ${header.length - 8} more` : ''}`;
  const other = header.length === 1 ? /[|:]/.exec(header[0]!)?.[0] : undefined;
  const joined = other ? ` (one column: is the file separated by "${other}"? Use commas, semicolons or tabs)` : '';
  return new UserError(`${shownFile}: no "email" column in the header row; found ${found}${joined}`, { hint: 'The first row names the columns, e.g. "email,name".' });
}

/**
 * A row with more fields than the header: a comma inside an unquoted name splits it in two and
 * shifts every later field, so the address column holds part of the name. Where putting the
 * extra fields back into exactly one column gives a valid address, the message shows that
 * column's text as it must be quoted.
 */
export function tooManyFields(at: string, columns: readonly string[], fields: readonly string[], delimiter: Delimiter, isAddress: (email: string) => boolean): UserError {
  const extra = fields.length - columns.length;
  const email = columns.indexOf('email');
  const fits = [...columns.keys()].filter((i) => i !== email && isAddress(fields[email + (email > i ? extra : 0)] ?? ''));
  // Only a single fit tells which column it was; with the address before both, any would do.
  const joined = fits.length === 1 ? fits[0] : undefined;
  const separator = delimiter === '\t' ? '\t' : `${delimiter} `;
  const example = joined === undefined ? '' : ` ("${excerpt(fields.slice(joined, joined + extra + 1).join(separator), 60)}")`;
  const what = joined === undefined ? 'field' : columns[joined] === 'name' ? 'name' : `"${excerpt(columns[joined]!, 30)}" field`;
  return new UserError(`${at}: this row has ${fields.length} fields but the header has ${columns.length}: quote a ${what} that contains a ${DELIMITER_NAMES[delimiter]}${example}`, {
    hint: 'Put double quotes around a field that contains the separator; a spreadsheet does it when it saves as CSV. No reader was mailed.',
  });
}

const MISSING = new WeakSet<object>();

/** Whether reading the list failed only because there is no list (which some commands take as nobody). */
export function isMissingList(error: unknown): boolean {
  return typeof error === 'object' && error !== null && MISSING.has(error);
}

/** A file or CSV error as a UserError naming the line; `last` is where the last good row ended. */
export function readError(error: unknown, shownFile: string, line: number, last: { lines: number; empty: number }): UserError {
  const { code, lines } = error as NodeJS.ErrnoException & { lines?: number; empty_lines?: number };
  if (code === 'ENOENT') {
    const missing = new UserError(`${shownFile}: subscriber file not found`, { hint: 'Create it (a header row "email,name", then one subscriber per row), or pass --subscribers FILE.' });
    MISSING.add(missing);
    return missing;
  }
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    // csv-parse names the file's last line; the quote opened at the start of the row after the last good one (past blank lines).
    const opened = last.lines + 1 + Math.max(0, ((error as { empty_lines?: number }).empty_lines ?? last.empty) - last.empty);
    return new UserError(`${shownFile}:${opened}: a quote (") opens a field in this row and is never closed, so the rest of the file reads as that one field`, {
      hint: 'Close the quote, or double a quote that is part of the text ("Ana ""the editor"" Lee"); a field with a quote inside must itself be quoted.',
    });
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new UserError(`${shownFile}:${lines ?? line}: a row longer than ${MAX_ROW_CHARACTERS / 1024} KB: this is not a subscriber CSV`, { hint: 'Pass the CSV export of your list: a header row "email,name", then one subscriber per row.' });
  }
  // csv-parse counts the lines it has read; fall back to the last good row's when it cannot tell. Its message may quote the file.
  return new UserError(`${shownFile}:${lines ?? line}: cannot read the subscriber list (${excerpt((error as Error).message, 160)})`);
}
