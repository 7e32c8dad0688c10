import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { HKDF_INFO, LEGACY_SIGNATURE_BYTES, MAX_TOKEN_LENGTH, NONCE_BYTES, TAG_BYTES, TOKEN_SHAPE, TOKEN_VERSION as VERSION } from './token-layout.js';

/*
 * An unsubscribe token names its subscriber without showing the address: the address is
 * encrypted and authenticated (AES-256-GCM) under keys derived from UNSUBSCRIBE_SECRET, so an
 * unsubscribe endpoint (or `watch-digest unsubscribe`, or the mailbox) trusts it without a
 * database, and whoever sees the link learns nothing. The nonce is an HMAC of the address, so
 * one address always gets the same token (a retried message is the same message) and distinct
 * addresses never share a nonce.
 * The layout is in token-layout.ts (and docs/sending.md, "The token"); the endpoint verifies the
 * same tokens with Web Crypto (unsubscribe-token-web.ts).
 */

let cached: { secret: string; encryption: Buffer; nonce: Buffer } | undefined;

function keysFor(secret: string): { encryption: Buffer; nonce: Buffer } {
  if (cached?.secret !== secret) {
    const keys = Buffer.from(hkdfSync('sha256', secret, '', HKDF_INFO, 64));
    cached = { secret, encryption: keys.subarray(0, 32), nonce: keys.subarray(32) };
  }
  return cached;
}

/** The token for a subscriber's address (lower-cased first: one subscriber, one token). */
export function signToken(email: string, secret: string): string {
  const address = Buffer.from(email.toLowerCase());
  const keys = keysFor(secret);
  const nonce = createHmac('sha256', keys.nonce).update(address).digest().subarray(0, NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, nonce);
  cipher.setAAD(Buffer.of(VERSION));
  const sealed = Buffer.concat([cipher.update(address), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), nonce, sealed, cipher.getAuthTag()]).toString('base64url');
}

/**
 * The address a token was issued for, or undefined when it was not issued with `secret`.
 *
 * Contract (relied on by `watch-digest unsubscribe` and by the mailbox, which verifies tokens
 * found in unsubscribe requests sent by mail):
 * - `token` is the value that stood for `{token}` in the unsubscribe URL, URL-decoded;
 *   whitespace around it is ignored. Current (opaque) and earlier (`address.signature`) tokens
 *   are both accepted, so links in issues already sent keep working.
 * - Returns the address lower-cased, as it was signed. A token that was altered, cut short,
 *   made with another secret, or is not a token at all gives undefined.
 * - Never throws, whatever the input; pure (no I/O), so it is safe on untrusted text.
 */
export function verifyToken(token: string, secret: string): string | undefined {
  if (typeof token !== 'string' || !secret) return undefined;
  const trimmed = token.trim();
  if (!trimmed || trimmed.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(trimmed)) return undefined;
  return trimmed.includes('.') ? verifyLegacy(trimmed, secret) : open(trimmed, secret);
}

function open(token: string, secret: string): string | undefined {
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 1 + NONCE_BYTES + 1 + TAG_BYTES || bytes[0] !== VERSION) return undefined;
  const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
  const sealed = bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keysFor(secret).encryption, nonce);
    decipher.setAAD(Buffer.of(VERSION));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Version 1: the address in readable base64url and a 128-bit HMAC over it. */
function verifyLegacy(token: string, secret: string): string | undefined {
  const [payload, signature] = token.split('.') as [string, string];
  const expected = Buffer.from(createHmac('sha256', secret).update(payload).digest().subarray(0, LEGACY_SIGNATURE_BYTES).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(payload, 'base64url').toString('utf8');
}

export function unsubscribeUrl(template: string, token: string): string {
  return template.replaceAll('{token}', encodeURIComponent(token));
}
