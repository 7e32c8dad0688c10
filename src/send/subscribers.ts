import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import isEmailModule from 'validator/lib/isEmail.js';
import { UserError } from '../errors.js';

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
 * Streams a subscriber CSV (header row, `email` column required) without loading it whole.
 * Invalid rows are reported through `onProblem` and skipped; repeated addresses (ignoring case)
 * are yielded once. With `strict`, the first invalid row is an error instead.
 */
export async function* readSubscribers(
  file: string,
  shownFile: string,
  options: { strict?: boolean; onProblem?: (problem: SubscriberProblem) => void } = {},
): AsyncGenerator<Subscriber> {
  const seen = new Set<string>();
  const source = createReadStream(file);
  const parser = source.pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }),
  );
  // pipe() does not forward errors: a missing file must end the loop below, not crash the process.
  source.on('error', (error) => parser.destroy(error));
  let line = 1;
  try {
    for await (const { record: row, info } of parser as AsyncIterable<{ record: Record<string, string | undefined>; info: { lines: number } }>) {
      line = info.lines;
      if (line === 2 && !('email' in row)) {
        throw new UserError(`${shownFile}: no "email" column in the header row`, { hint: 'The first row names the columns, e.g. "email,name".' });
      }
      const email = (row.email ?? '').trim();
      const problem = !email ? 'no email address' : !isValidAddress(email) ? `"${email}" is not a valid email address` : undefined;
      if (problem) {
        if (options.strict) throw new UserError(`${shownFile}:${line}: ${problem}`, { hint: 'Fix or remove the row, or drop --strict to skip invalid rows.' });
        options.onProblem?.({ line, message: problem });
        continue;
      }
      const key = email.toLowerCase();
      if (seen.has(key)) {
        options.onProblem?.({ line, message: `${email} is listed again; sending once` });
        continue;
      }
      seen.add(key);
      const fields = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? '']));
      yield { email, key, name: fields.name ?? '', fields, line };
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError(`${shownFile}: subscriber file not found`, { hint: 'Create it (a header row "email,name", then one subscriber per row), or pass --subscribers FILE.' });
    }
    throw new UserError(`${shownFile}:${line}: cannot read the subscriber list (${(error as Error).message})`);
  }
}
