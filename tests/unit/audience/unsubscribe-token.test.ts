import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../../src/audience/unsubscribe-token.js';

const SECRET = 'token-test-secret';

/** A token as versions before the opaque ones made it: readable address, then an HMAC. */
function legacyToken(email: string, secret: string): string {
  const payload = Buffer.from(email.toLowerCase()).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url')}`;
}

describe('unsubscribe tokens', () => {
  it('do not reveal the address, in any encoding', () => {
    const token = signToken('Ada.Lovelace@Example.com', SECRET);
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    for (const needle of ['ada.lovelace', 'example.com', Buffer.from('ada.lovelace@example.com').toString('base64url').slice(0, 12)]) {
      expect(token.toLowerCase()).not.toContain(needle);
      expect(decoded.toLowerCase()).not.toContain(needle);
    }
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('verify to the lower-cased address, the same token for the same address', () => {
    const token = signToken('Ada@Example.com', SECRET);
    expect(verifyToken(token, SECRET)).toBe('ada@example.com');
    expect(verifyToken(`  ${token}\n`, SECRET)).toBe('ada@example.com');
    expect(signToken('ada@example.com', SECRET)).toBe(token);
    expect(signToken('bo@example.com', SECRET)).not.toBe(token);
  });

  it('keep tokens of earlier versions verifiable', () => {
    expect(verifyToken(legacyToken('old@example.com', SECRET), SECRET)).toBe('old@example.com');
    expect(verifyToken(legacyToken('old@example.com', 'other'), SECRET)).toBeUndefined();
  });

  it('refuse altered, truncated, foreign and junk tokens without throwing', () => {
    const token = signToken('ada@example.com', SECRET);
    const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
    for (const bad of [flipped, token.slice(0, -2), signToken('ada@example.com', 'other'), '', ' ', '.', 'a.b.c', '%E0%A4%A', 'x'.repeat(5000), '\u0000', 'Ag']) {
      expect(verifyToken(bad, SECRET)).toBeUndefined();
    }
    expect(verifyToken(token, '')).toBeUndefined();
  });
});
