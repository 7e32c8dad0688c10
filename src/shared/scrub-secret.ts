/** A login to a mail server: the password is the secret; the user name is part of its SASL forms. */
export interface Credentials {
  user?: string | undefined;
  pass?: string | undefined;
}

/** Returns the text with every form of the secrets it was made for replaced by `***`. */
export type Scrub = (text: string) => string;

const HIDDEN = '***';
const BASE64_CHAR = /[A-Za-z0-9+/_=-]/;
/** Shorter fragments of a password's base64 would also match unrelated words. */
const MIN_FRAGMENT = 8;
/**
 * A shorter password is hidden only where it stands as a credential: anywhere else its characters
 * are ordinary text ("2026" in a week's name, "p" in every word), and hiding them there would
 * garble output and ledgers and, by the gaps, show what the password is.
 */
const MIN_ANYWHERE = 8;

/**
 * A scrubber for the passwords in `credentials`, in every form a server, a library or a log may
 * show one: as it is; URL-encoded (any mix of %XX, either case, `+` for a space); escaped with
 * backslashes (an IMAP quoted string, JSON); and base64, standard or URL-safe, padded or not, of
 * the password alone (AUTH LOGIN) and of the SASL PLAIN forms `\0user\0password` and
 * `user\0password`, also when embedded at any offset in a longer base64 text.
 */
export function secretScrubber(credentials: readonly Credentials[]): Scrub {
  const steps: Scrub[] = [];
  for (const { user, pass } of credentials) {
    if (!pass) continue;
    const base64 = new RegExp(base64Forms(pass, user ?? '').map(escapeRegExp).join('|'), 'g');
    const plain = plainPattern(pass, user ?? '');
    steps.push((text) => hideBase64Runs(text, base64), (text) => text.replace(plain, HIDDEN));
  }
  return (text) => steps.reduce((result, step) => step(result), text);
}

/** Hides the whole base64 token around each match, so that no edge of it can be decoded. */
function hideBase64Runs(text: string, pattern: RegExp): string {
  let result = '';
  let done = 0;
  let found = false;
  for (const match of text.matchAll(pattern)) {
    let start = match.index;
    let end = start + match[0].length;
    if (start < done) continue;
    while (start > done && BASE64_CHAR.test(text[start - 1]!)) start--;
    while (end < text.length && BASE64_CHAR.test(text[end]!)) end++;
    result += text.slice(done, start) + HIDDEN;
    done = end;
    found = true;
  }
  return found ? result + text.slice(done) : text;
}

/**
 * The same error with the secrets scrubbed from its message, stack and every other text it
 * carries (a server's `response`, imapflow's `responseText`, ...), and from its cause's.
 */
export function scrubError<T>(error: T, scrub: Scrub, depth = 0): T {
  if (typeof error === 'string') return scrub(error) as T;
  if (!(error instanceof Error) || depth > 2) return error;
  for (const key of new Set(['message', 'stack', ...Object.keys(error)])) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value !== 'string') continue;
    const scrubbed = scrub(value);
    if (scrubbed !== value) replaceText(error, key, scrubbed);
  }
  if (error.cause !== undefined) error.cause = scrubError(error.cause, scrub, depth + 1);
  return error;
}

/**
 * Sets a text property, also where it is a getter without a setter (a DOMException's message,
 * an AbortError's): an own property then shadows it. The error itself, and any flag on it such
 * as `cancelled`, is never replaced.
 */
function replaceText(error: Error, key: string, text: string): void {
  try {
    (error as unknown as Record<string, unknown>)[key] = text;
  } catch {
    Object.defineProperty(error, key, { value: text, configurable: true, writable: true });
  }
}

/** A copy of a plain value (strings, arrays, objects) with the secrets scrubbed from every string in it. */
export function scrubValue<T>(value: T, scrub: Scrub): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubValue(item, scrub)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, scrub)])) as T;
  return value;
}

/**
 * The password as plain text: anywhere when it is long enough to be nothing else; a short one
 * only as a URL's `user:password@`, an IMAP `LOGIN user password`, `password=…`/`pass: …`, or
 * right after the user name (`user/password`, `user:password`).
 */
function plainPattern(pass: string, user: string): RegExp {
  const forms = [...pass].map(charForms).join('');
  if ([...pass].length >= MIN_ANYWHERE) return new RegExp(forms, 'g');
  const end = '(?![A-Za-z0-9])';
  const contexts = [
    `(?<=:)${forms}(?=@)`,
    `(?<=\\b(?:LOGIN|login|Login)\\s+(?:"[^"]*"|\\S+)\\s+"?)${forms}(?="|\\s|$)`,
    `(?<=\\b(?:pass|Pass|PASS|password|Password|PASSWORD|passwd|pwd)["']?\\s*[:=]\\s*["']?)${forms}${end}`,
  ];
  if (user) contexts.push(`(?<=${escapeRegExp(user)}[:/]\\s?)${forms}${end}`);
  return new RegExp(contexts.join('|'), 'g');
}

/** One character of the password as plain text may show it: itself, %XX-encoded, `+`, or backslash-escaped. */
function charForms(char: string): string {
  const forms = [escapeRegExp(char)];
  const bytes = [...Buffer.from(char, 'utf8')];
  forms.push(bytes.map((b) => `%${hexDigit(b >> 4)}${hexDigit(b & 15)}`).join(''));
  if (char === ' ') forms.push('\\+');
  if (char === '"' || char === '\\') forms.push(`\\\\${escapeRegExp(char)}`);
  return `(?:${forms.join('|')})`;
}

function hexDigit(n: number): string {
  const digit = n.toString(16);
  return /[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit;
}

/**
 * Base64 text that only the password can have produced: the whole encodings of the password and
 * of the SASL PLAIN messages (unpadded, so padded ones match too), and, for passwords long enough,
 * the characters that depend on the password's bytes alone at each of the three alignments a
 * longer base64 text may put it at.
 */
function base64Forms(pass: string, user: string): string[] {
  const secret = Buffer.from(pass, 'utf8');
  const sasl = [Buffer.from(`\0${user}\0${pass}`, 'utf8'), Buffer.from(`${user}\0${pass}`, 'utf8')];
  // Two characters or fewer would hide parts of ordinary words; such a password is still hidden in its SASL forms.
  const whole = [...(secret.length >= 3 ? [secret] : []), ...sasl].map((b) => b.toString('base64').replace(/=+$/, ''));
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64');
    const fragment = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + secret.length)) / 6));
    if (fragment.length >= MIN_FRAGMENT) fragments.push(fragment);
  }
  const forms = [...whole, ...fragments];
  return [...new Set([...forms, ...forms.map((form) => form.replace(/\+/g, '-').replace(/\//g, '_'))])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
