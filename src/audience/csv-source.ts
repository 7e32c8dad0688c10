import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { utf8Chunks } from '../shared/utf8.js';

export type Delimiter = ',' | ';' | '\t';

/**
 * A CSV file as a stream, and the delimiter its header row uses: spreadsheets in many locales
 * export `Email;Name`, and some tools tab-separated columns. Read as it streams (never whole), so
 * a pipe or a very large list works the same; bytes that are not UTF-8 stop it, naming the line.
 */
export async function csvSource(file: string, shownFile: string, signal?: AbortSignal): Promise<{ stream: Readable; delimiter: Delimiter }> {
  const chunks = utf8Chunks(createReadStream(file, signal ? { signal } : {}), shownFile)[Symbol.asyncIterator]();
  const first = await chunks.next();
  const delimiter = headerDelimiter(first.done ? '' : first.value.toString('utf8'));
  async function* all(): AsyncGenerator<Buffer> {
    if (first.done) return;
    yield first.value;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return { stream: Readable.from(all(), { objectMode: false }), delimiter };
}

/** The delimiter of the first line: a comma unless it has none, and semicolons or tabs (outside quotes). */
export function headerDelimiter(text: string): Delimiter {
  const header = (text.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '').replace(/"[^"]*"/g, '');
  if (header.includes(',')) return ',';
  const semicolons = header.split(';').length - 1;
  const tabs = header.split('\t').length - 1;
  if (semicolons === 0 && tabs === 0) return ',';
  return semicolons >= tabs ? ';' : '\t';
}
