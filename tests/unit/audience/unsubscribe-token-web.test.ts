import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../../src/audience/unsubscribe-token.js';
import { webTokenVerifier } from '../../../src/audience/unsubscribe-token-web.js';

const SECRET = 'web-crypto-secret-0123456789abcdef0123';

describe('the Web Crypto verifier (the endpoint) agrees with the Node one (send, mailbox, unsubscribe)', () => {
  it('opens every token send makes, current and legacy, for any address', async () => {
    const web = webTokenVerifier(SECRET);
    const addresses = ['Reader@Mail-A.org', 'a@b.co', 'ünïcode.reader@mail-b.org', `${'x'.repeat(64)}@${'d'.repeat(60)}.org`, ...Array.from({ length: 50 }, (_, i) => `r${i}.${randomBytes(3).toString('hex')}@mail-${i}.org`)];
    for (const address of addresses) {
      const token = signToken(address, SECRET);
      await expect(web.verify(token)).resolves.toBe(address.toLowerCase());
      expect(verifyToken(token, SECRET)).toBe(address.toLowerCase());
      const payload = Buffer.from(address).toString('base64url');
      const legacy = `${payload}.${createHmac('sha256', SECRET).update(payload).digest().subarray(0, 16).toString('base64url')}`;
      await expect(web.verify(legacy)).resolves.toBe(address);
    }
  });

  it('refuses what the Node verifier refuses: other secrets, every single-character change, junk', async () => {
    const web = webTokenVerifier(SECRET);
    const token = signToken('reader@mail-a.org', SECRET);
    const bad = [
      signToken('reader@mail-a.org', `${SECRET}x`),
      ...Array.from(token, (c, i) => token.slice(0, i) + (c === 'A' ? 'B' : 'A') + token.slice(i + 1)),
      '', 'abc', '%%%', 'a.b', token.slice(0, -2), 'x'.repeat(2000),
    ];
    for (const candidate of bad) {
      const node = verifyToken(candidate, SECRET);
      const answer = await web.verify(candidate);
      // Node's base64 decoder ignores a trailing stray character; Web Crypto's atob does not: never the other way round.
      if (answer !== undefined) expect(answer).toBe(node);
      expect(answer === undefined || node === answer).toBe(true);
      if (node === undefined) expect(answer).toBeUndefined();
    }
    await expect(webTokenVerifier('').verify(token)).resolves.toBeUndefined();
  });
});
