import { describe, expect, it } from 'vitest';
import { scrubError, secretScrubber } from '../../../src/shared/scrub-secret.js';

const user = 'bounces@digest.test';
const pass = 'S3cret pass/"word"+ü';
const scrub = secretScrubber([{ user, pass }]);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('scrubbing a password from text', () => {
  it('hides it as it is, URL-encoded in any way, and backslash-escaped (IMAP quoted strings, JSON)', () => {
    const forms = [
      pass,
      encodeURIComponent(pass),
      encodeURIComponent(pass).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
      new URLSearchParams({ p: pass }).toString().slice(2),
      [...Buffer.from(pass, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
      JSON.stringify(pass).slice(1, -1),
    ];
    for (const form of forms) expect(scrub(`NO [AUTHENTICATIONFAILED] got ${form} here`)).toBe('NO [AUTHENTICATIONFAILED] got *** here');
  });

  it('hides the base64 of the password and of the SASL PLAIN forms, standard or URL-safe, padded or not', () => {
    for (const payload of [pass, `\0${user}\0${pass}`, `${user}\0${pass}`]) {
      for (const encoded of [b64(payload), b64(payload).replace(/=+$/, ''), b64url(payload)]) {
        expect(scrub(`535 5.7.8 rejected <${encoded}> (try again)`)).toBe('535 5.7.8 rejected <***> (try again)');
      }
    }
  });

  it('hides the password inside any longer base64 text, at every alignment, leaving no decodable edge', () => {
    for (const prefix of ['', 'x', 'xy', 'Server says: ']) {
      const text = `reply ${b64(`${prefix}${pass}; and more`)} end`;
      const scrubbed = scrub(text);
      expect(scrubbed).toBe('reply *** end');
    }
  });

  it('leaves other text alone, and does nothing without a password', () => {
    expect(scrub('Mailbox full (4.2.2) for dGVzdA== and user bounces@digest.test')).toBe('Mailbox full (4.2.2) for dGVzdA== and user bounces@digest.test');
    expect(secretScrubber([{ user: 'u' }, { user: 'v', pass: '' }])('text')).toBe('text');
  });

  it('hides a short password where it stands as a credential, and nowhere else', () => {
    const year = secretScrubber([{ user: 'u', pass: '2026' }]);
    const json = '{"week":"2026-W49","dir":"/tmp/news/digests/2026-W49","year":2026}';
    expect(year(json)).toBe(json);
    expect(year('smtp://u:2026@127.0.0.1:2525 refused')).toBe('smtp://u:***@127.0.0.1:2525 refused');
    expect(year('A1 LOGIN "u" "2026"')).toBe('A1 LOGIN "u" "***"');
    expect(year('LOGIN failed for u/2026 at 2026-12-07')).toBe('LOGIN failed for u/*** at 2026-12-07');
    expect(year('password=2026; pass: "2026"')).toBe('password=***; pass: "***"');
    const letter = secretScrubber([{ user: 'u', pass: 'p' }]);
    const reply = '550 5.1.1 all recipients were rejected: pact signed (smtp://u@host)';
    expect(letter(reply)).toBe(reply);
    expect(letter(`imaps://u:p@imap.example.org`)).toBe('imaps://u:***@imap.example.org');
  });

  it('hides a short password in its SASL forms without breaking ordinary words', () => {
    const short = secretScrubber([{ user: 'u@example.org', pass: 'pw' }]);
    expect(short(`AUTH PLAIN ${b64('\0u@example.org\0pw')} failed`)).toBe('AUTH PLAIN *** failed');
    expect(short('the Yes we can')).toBe('the Yes we can');
  });
});

describe('scrubbing an error', () => {
  it('scrubs its message, stack, response texts and cause', () => {
    const error = Object.assign(new Error(`Invalid login: 535 ${b64(`\0${user}\0${pass}`)}`), { response: `535 ${b64(pass)}`, responseText: `bad ${pass}`, code: 'EAUTH' });
    error.cause = new Error(`inner ${encodeURIComponent(pass)}`);
    const scrubbed = scrubError(error, scrub);
    expect(scrubbed).toBe(error);
    expect(scrubbed.message).toBe('Invalid login: 535 ***');
    expect(scrubbed.stack).toContain('Invalid login: 535 ***');
    expect(scrubbed).toMatchObject({ response: '535 ***', responseText: 'bad ***', code: 'EAUTH' });
    expect((scrubbed.cause as Error).message).toBe('inner ***');
    expect(scrubError(`plain ${pass}`, scrub)).toBe('plain ***');
  });

  it('keeps an abort error (whose message is a getter) and its flags, scrubbing it only where it holds a secret', () => {
    // A message cancelled before it reached a connection fails with an AbortError: it must stay
    // one, flag and all, or the sender would record it as deferred instead of leaving it unsent.
    const cancelled = Object.assign(new DOMException('This operation was aborted', 'AbortError'), { cancelled: true });
    expect(scrubError(cancelled, scrub)).toBe(cancelled);
    expect(cancelled).toMatchObject({ name: 'AbortError', message: 'This operation was aborted', cancelled: true });
    const leaking = new DOMException(`aborted after ${b64(pass)}`, 'AbortError');
    expect(scrubError(leaking, scrub).message).toBe('aborted after ***');
    expect(leaking.name).toBe('AbortError');
  });
});
