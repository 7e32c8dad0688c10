import { parse } from 'csv-parse';
import isEmailModule from 'validator/lib/isEmail.js';
import { UserError } from '../shared/errors.js';
import { AddressTable } from './address-table.js';
import { csvSource } from './csv-source.js';

// validator ships CommonJS compiled from ESM: under Node's ESM loader the function sits on `.default`.
type IsEmail = (typeof import('validator'))['isEmail'];
const isEmail = ((isEmailModule as unknown as { default?: IsEmail }).default ?? isEmailModule) as IsEmail;

export interface Subscriber {
  /** As written in the file, trimmed. */
  email: string;
  /** Lower-cased: the identity used for de-duplication, suppression, the ledger and sharding. */
  key: string;
  name: string;
  /** Every column of the row, for personalisation. */
  fields: Record<string, string>;
  line: number;
}

export interface SubscriberProblem {
  line: number;
  message: string;
}

export function isValidAddress(email: string): boolean {
  return isEmail(email, { allow_display_name: false, allow_utf8_local_part: false, require_tld: true, allow_ip_domain: false });
}

/** No subscriber row comes near this; a longer one means the file is not a subscriber CSV. */
const MAX_ROW_CHARACTERS = 64 * 1024;

/**
 * Streams a subscriber CSV (header row, `email` column required) without loading it whole: memory
 * stays bounded by the fingerprints of the addresses seen (for duplicates), whatever the size.
 * Invalid rows are reported through `onProblem` and skipped; repeated addresses (ignoring case)
 * are yielded once. With `strict`, the first invalid row is an error instead. Stops with an
 * AbortError as soon as `signal` fires.
 */
export async function* readSubscribers(
  file: string,
  shownFile: string,
  options: { strict?: boolean; onProblem?: (problem: SubscriberProblem) => void; signal?: AbortSignal; expected?: number } = {},
): AsyncGenerator<Subscriber> {
  // Sized at once when the count is known (a second pass), instead of growing by copies.
  const seen = new AddressTable(options.expected);
  let line = 1;
  // Where the last row ended, and the blank lines before it: an unclosed quote opens on the next row.
  let last = { lines: 0, empty: 0 };
  try {
    const { stream: source, delimiter } = await csvSource(file, options.signal);
    const parser = source.pipe(
      parse({
        delimiter,
        columns: (header: string[]) => {
          const columns = header.map((h) => h.trim().toLowerCase());
          if (!columns.includes('email')) throw missingEmailColumn(shownFile, header);
          last = { lines: 1, empty: 0 };
          return columns;
        },
        bom: true,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        info: true,
        max_record_size: MAX_ROW_CHARACTERS,
      }),
    );
    // pipe() does not forward errors: a missing file must end the loop below, not crash the process.
    source.on('error', (error) => parser.destroy(error));
    for await (const { record: row, info } of parser as AsyncIterable<{ record: Record<string, string | undefined>; info: { lines: number; empty_lines: number } }>) {
      if (options.signal?.aborted) throw options.signal.reason;
      line = info.lines;
      last = { lines: info.lines, empty: info.empty_lines };
      const email = (row.email ?? '').trim();
      const problem = !email ? 'no email address' : !isValidAddress(email) ? `"${email}" is not a valid email address` : undefined;
      if (problem) {
        if (options.strict) throw new UserError(`${shownFile}:${line}: ${problem}`, { hint: 'Fix or remove the row, or drop --strict to skip invalid rows.' });
        options.onProblem?.({ line, message: problem });
        continue;
      }
      const key = email.toLowerCase();
      if (!seen.add(key)) {
        options.onProblem?.({ line, message: `${email} is listed again; sending once` });
        continue;
      }
      const fields = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? '']));
      yield { email, key, name: fields.name ?? '', fields, line };
    }
  } catch (error) {
    if (error instanceof UserError || (error as Error).name === 'AbortError') throw error;
    throw readError(error, shownFile, line, last);
  }
}

/** No `email` column: name the columns found, and a delimiter that was not recognised. */
function missingEmailColumn(shownFile: string, header: string[]): UserError {
  const found = header.map((name) => `"${name.trim()}"`).join(', ');
  const joined = header.length === 1 && /[|:]/.test(header[0]!) ? ` (one column: is the file separated by "${/[|:]/.exec(header[0]!)![0]}"? Use commas, semicolons or tabs)` : '';
  return new UserError(`${shownFile}: no "email" column in the header row; found ${found}${joined}`, { hint: 'The first row names the columns, e.g. "email,name".' });
}

/** A file or CSV error as a UserError naming the line; `last` is where the last good row ended. */
function readError(error: unknown, shownFile: string, line: number, last: { lines: number; empty: number }): UserError {
  const { code, lines } = error as NodeJS.ErrnoException & { lines?: number; empty_lines?: number };
  if (code === 'ENOENT') {
    return new UserError(`${shownFile}: subscriber file not found`, { hint: 'Create it (a header row "email,name", then one subscriber per row), or pass --subscribers FILE.' });
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
  // csv-parse counts the lines it has read; fall back to the last good row's when it cannot tell.
  return new UserError(`${shownFile}:${lines ?? line}: cannot read the subscriber list (${(error as Error).message})`);
}
