import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

// Byte-order marks, longest first: FF FE 00 00 is UTF-32LE, not UTF-16LE followed by a NUL.
const BOMS: Array<[bytes: number[], encoding: string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

/**
 * A fetched body as text. A byte-order mark decides first (it cannot lie about the bytes that
 * follow, whatever the header says), then NUL bytes around the first characters (UTF-16 or
 * UTF-32 without a mark, as XML 1.0's appendix F reads them), then the charset of the
 * Content-Type header, of the XML declaration or of a <meta> tag in the first bytes, else UTF-8
 * when the bytes are UTF-8, else windows-1252.
 */
export function decodeBody(bytes: Buffer, contentType: string): string {
  const marked = startsWithAny(bytes, BOMS);
  if (marked) return decodeAs(bytes.subarray(marked.length), marked.encoding);
  const wide = wideEncoding(bytes);
  if (wide) return decodeAs(bytes, wide);
  const head = bytes.subarray(0, 2048).toString('latin1');
  const label =
    /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /^\s*<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  // Nothing declared, and the bytes are no UTF-8: a legacy single-byte page, read as windows-1252 (as browsers and
  // feed readers do) rather than with a replacement character for every accented letter.
  if (!label) return isUtf8(bytes) ? bytes.toString('utf8') : decodeAs(bytes, 'windows-1252');
  // A declaration of UTF-16 on bytes that are not wide (no mark, no wide start) is a mistake: read them as UTF-8.
  return decodeAs(bytes, /^utf-?(16|32)/i.test(label) ? 'utf-8' : label);
}

function decodeAs(bytes: Buffer, label: string): string {
  if (/^utf-?8$/i.test(label)) return bytes.toString('utf8');
  // iconv-lite rather than TextDecoder: Node 20 decodes windows-1252 as ISO-8859-1, losing curly quotes and dashes,
  // and has no UTF-32. Loaded only for other charsets: its tables cost more to load than most pages cost to read.
  const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconv.encodingExists(label) ? iconv.decode(bytes, label, { stripBOM: true }) : bytes.toString('utf8');
}

function startsWithAny(bytes: Buffer, table: Array<[number[], string]>): { length: number; encoding: string } | undefined {
  for (const [mark, encoding] of table) {
    if (mark.every((byte, i) => bytes[i] === byte)) return { length: mark.length, encoding };
  }
  return undefined;
}

/**
 * UTF-16 or UTF-32 without a mark: a document starts with ASCII (`<`, whitespace), which these
 * encodings pad with NUL bytes that no UTF-8 or single-byte text has there.
 */
function wideEncoding(bytes: Buffer): string | undefined {
  if (bytes.length < 4) return undefined;
  const zero = [0, 1, 2, 3].map((i) => bytes[i] === 0);
  if (zero[0] && zero[1] && zero[2] && !zero[3]) return 'utf-32be';
  if (!zero[0] && zero[1] && zero[2] && zero[3]) return 'utf-32le';
  if (zero[0] && !zero[1] && zero[2] && !zero[3]) return 'utf-16be';
  if (!zero[0] && zero[1] && !zero[2] && zero[3]) return 'utf-16le';
  return undefined;
}
