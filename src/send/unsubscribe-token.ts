import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A recipient's unsubscribe token: the address and an HMAC-SHA256 over it, both base64url, so
 * an unsubscribe endpoint (or `watch-digest unsubscribe`) can trust it without a database.
 */
export function signToken(email: string, secret: string): string {
  const payload = Buffer.from(email.toLowerCase()).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The address a token was issued for, or undefined when the signature does not match. */
export function verifyToken(token: string, secret: string): string | undefined {
  const [payload, signature, extra] = token.trim().split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(payload, 'base64url').toString('utf8');
}

export function unsubscribeUrl(template: string, token: string): string {
  return template.replaceAll('{token}', encodeURIComponent(token));
}

function mac(payload: string, secret: string): string {
  // 128 bits is ample for an unguessable link and keeps the URL short.
  return createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url');
}
