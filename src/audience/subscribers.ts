import { parse } from 'csv-parse';
import isEmailModule from 'validator/lib/isEmail.js';
import { UserError } from '../shared/errors.js';
import { AddressTable } from './address-table.js';
import { columnKey } from '../config/greeting.js';
import { excerpt } from '../shared/excerpt.js';
import { csvSource } from './csv-source.js';
import { MAX_ROW_CHARACTERS, missingEmailColumn, readError, tooManyFields } from './subscriber-errors.js';

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

/**
 * Streams a subscriber CSV (header row, `email` column required) without loading it whole: memory
 * stays bounded by the fingerprints of the addresses seen (for duplicates), whatever the size.
 * Invalid rows are reported through `onProblem` and skipped; repeated addresses (ignoring case)
 * are yielded once. With `strict`, the first invalid row is an error instead. A row with more
 * fields than the header is always an error: its fields have shifted, and skipping it would drop
 * a reader unseen. `onHeader` sees the columns (trimmed, lower-cased) and may refuse them. Stops
 * with an AbortError as soon as `signal` fires.
 */
export async function* readSubscribers(
  file: string,
  shownFile: string,
  options: { strict?: boolean; onProblem?: (problem: SubscriberProblem) => void; onHeader?: (columns: string[]) => void; signal?: AbortSignal; expected?: number } = {},
): AsyncGenerator<Subscriber> {
  // Sized at once when the count is known (a second pass), instead of growing by copies.
  const seen = new AddressTable(options.expected);
  let line = 1;
  // Where the last row ended, and the blank lines before it: an unclosed quote opens on the next row.
  let last = { lines: 0, empty: 0 };
  let columns: string[] | undefined;
  try {
    const { stream: source, delimiter } = await csvSource(file, shownFile, options.signal);
    // Rows as arrays (the header is the first): a row's extra fields are seen, not dropped.
    const parser = source.pipe(parse({ delimiter, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true, max_record_size: MAX_ROW_CHARACTERS }));
    // pipe() does not forward errors: a missing file must end the loop below, not crash the process.
    source.on('error', (error) => parser.destroy(error));
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      if (options.signal?.aborted) throw options.signal.reason;
      line = info.lines;
      last = { lines: info.lines, empty: info.empty_lines };
      if (!columns) {
        columns = record.map(columnKey);
        if (!columns.includes('email')) throw missingEmailColumn(shownFile, record);
        options.onHeader?.(columns);
        continue;
      }
      if (record.slice(columns.length).some((field) => field !== '')) throw tooManyFields(`${shownFile}:${line}`, columns, record, delimiter, isValidAddress);
      // A shorter row is fine: a spreadsheet leaves out trailing empty cells.
      const fields = Object.fromEntries(columns.map((column, i) => [column, record[i] ?? '']));
      const email = fields.email!;
      const problem = !email ? 'no email address' : !isValidAddress(email) ? `"${excerpt(email)}" is not a valid email address` : undefined;
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
      yield { email, key, name: fields.name ?? '', fields, line };
    }
  } catch (error) {
    if (error instanceof UserError || (error as Error).name === 'AbortError') throw error;
    throw readError(error, shownFile, line, last);
  }
}
