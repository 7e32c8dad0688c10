import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { UserError } from './errors.js';

const NEWLINE = 0x0a;

/**
 * Text files the user writes (items, subscriber lists, the suppression file) must be UTF-8: read
 * otherwise, every accented letter silently becomes U+FFFD in what is mailed or written back. A NUL
 * byte never occurs in such text: it is a spreadsheet's binary file, or UTF-16 ("Unicode text").
 */
export function notUtf8(shown: string, line: number, nul = false): UserError {
  const converted = `converted${path.extname(shown) || '.txt'}`;
  const sheet = /\.(csv|tsv|txt)$/i.test(shown) ? ' (from a spreadsheet: "CSV UTF-8")' : '';
  const what = nul ? 'has a NUL byte: this is a binary file, or text saved as UTF-16' : 'has bytes in another encoding, such as Latin-1 or Windows-1252';
  return new UserError(`${shown}: not UTF-8 text (line ${line} ${what})`, {
    hint: nul
      ? `Save it as UTF-8 text${sheet}, not as UTF-16 or a program's own file format.`
      : `Save the file as UTF-8 in your editor${sheet}, or convert it: iconv -f windows-1252 -t utf-8 ${shown} > ${converted}`,
  });
}

/** The file's text, refusing bytes that are not UTF-8 (a BOM is fine) instead of turning them into U+FFFD. */
export function decodeUtf8(bytes: Buffer, shown: string): string {
  checkLines(bytes, shown, 1);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Passes a stream of bytes on in chunks that end between characters, refusing (with the line)
 * the first bytes that are not UTF-8. Only a character cut by a chunk's end is held back, so
 * memory stays that of one chunk whatever the file's size.
 */
export async function* utf8Chunks(chunks: AsyncIterable<Buffer>, shown: string): AsyncGenerator<Buffer> {
  let held = Buffer.alloc(0);
  let line = 1;
  for await (const chunk of chunks) {
    const bytes = held.length ? Buffer.concat([held, chunk]) : chunk;
    const end = bytes.length - unfinished(bytes);
    const whole = bytes.subarray(0, end);
    line = checkLines(whole, shown, line);
    held = Buffer.from(bytes.subarray(end));
    if (whole.length) yield whole;
  }
  if (held.length) throw notUtf8(shown, line);
}

/** Checks `bytes` (whole characters), line by line so an error names its line; returns the line the next bytes start on. */
function checkLines(bytes: Buffer, shown: string, first: number): number {
  let line = first;
  const valid = isUtf8(bytes) && !bytes.includes(0);
  for (let start = 0; start <= bytes.length; line++) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    if (!valid) {
      const part = bytes.subarray(start, end);
      if (part.includes(0)) throw notUtf8(shown, line, true);
      if (!isUtf8(part)) throw notUtf8(shown, line);
    }
    if (newline === -1) return line;
    start = newline + 1;
  }
  return line;
}

/** How many bytes at the end begin a character that is not complete yet (0 to 3). */
function unfinished(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
