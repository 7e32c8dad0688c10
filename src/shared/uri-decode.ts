import { UserError } from './errors.js';

/** decodeURIComponent without the URIError on a malformed escape such as "%E0%A4%A" or "50%off": undefined instead. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The user name or password of a mail server URL (SMTP_URL, IMAP_URL), percent-decoded. A `%`
 * that starts no escape is refused in words that never repeat the value: it is a secret.
 */
export function decodeCredential(value: string, variable: string, part: 'user name' | 'password'): string {
  const decoded = safeDecode(value);
  if (decoded !== undefined) return decoded;
  throw new UserError(`${variable}: the ${part} has a % that is not followed by two hexadecimal digits`, {
    hint: `URL-encode special characters in the ${part}: % as %25, @ as %40, : as %3A, / as %2F (encodeURIComponent does it).`,
  });
}
