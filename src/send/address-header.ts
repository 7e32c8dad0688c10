import { encodeWord, foldLines, isPlainText, quoteString } from 'nodemailer/lib/mime-funcs';

/** RFC 5322 recommends lines of at most 78 characters; RFC 2047 caps an encoded-word at 75. */
const LINE = 76;
/** Encoded-words of at most 52 characters leave room for the field name on the first line. */
const WORD = 52;

/**
 * A complete, folded address header such as `To: "Ada Lovelace" <ada@example.com>`. A plain
 * name that fits on one line is quoted; any other name (non-ASCII, or long) becomes a run of
 * short UTF-8 encoded-words, folded between them, so no line exceeds 76 characters however long
 * the name is (only an address longer than a line stays whole, as it cannot be folded). Line
 * breaks in the name never reach the header.
 */
export function addressHeader(field: string, name: string, email: string): string {
  const clean = name.replace(/[\s\u0085\u2028\u2029]+/g, ' ').trim();
  if (!clean) return `${field}: ${email}`;
  const quoted = `${field}: ${quoteString(clean)} <${email}>`;
  if (isPlainText(clean) && quoted.length <= LINE) return quoted;
  return foldLines(`${field}: ${encodeWord(clean, 'Q', WORD)} <${email}>`, LINE);
}
