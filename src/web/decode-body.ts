import { createRequire } from 'node:module';

// Byte-order marks, longest first: FF FE 00 00 is UTF-32LE, not UTF-16LE followed by a NUL.
const BOMS: Array<[bytes: number[], encoding: string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];
// Without a mark, `<?` in a wide encoding (XML 1.0, appendix F).
const WIDE_XML_STARTS: Array<[bytes: number[], encoding: string]> = [
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
];

/**
 * A fetched body as text. A byte-order mark decides first (it cannot lie about the bytes that
 * follow, whatever the header says), then the wide `<?xml` start, then the charset of the
 * Content-Type header, of the XML declaration or of a <meta> tag in the first bytes, else UTF-8.
 */
export function decodeBody(bytes: Buffer, contentType: string): string {
  const marked = startsWithAny(bytes, BOMS);
  if (marked) return decodeAs(bytes.subarray(marked.length), marked.encoding);
  const wide = startsWithAny(bytes, WIDE_XML_STARTS);
  if (wide) return decodeAs(bytes, wide.encoding);
  const head = bytes.subarray(0, 2048).toString('latin1');
  const label =
    /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /^\s*<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ??
    'utf-8';
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
