import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dkimKeyFindings } from '../../../src/check/dkim-key.js';
import { UserError } from '../../../src/shared/errors.js';
import { loadDkimSigner } from '../../../src/send/dkim.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const env = (key: string) => ({ DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'wd', DKIM_PRIVATE_KEY: key });
/** A real key with a few characters of its body changed: parses as PEM, not as a key. */
const damaged = rsa.replace(/\n(.{10})(.{6})/, (_, keep: string) => `\n${keep}AAAAAA`);

describe('loadDkimSigner', () => {
  it('signs with a good key, also given with \\n escapes as CI secrets carry it', async () => {
    const signer = await loadDkimSigner(env(rsa.replace(/\n/g, '\\n')));
    const signed = await signer!.sign('From: a@example.org\r\nTo: b@example.org\r\nSubject: Hi\r\n\r\nBody.\r\n');
    expect(signed).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example.org;[\s\S]*s=wd;[\s\S]* b=[A-Za-z0-9+/]/);
    expect(await loadDkimSigner({})).toBeUndefined();
  });

  it('refuses malformed, truncated, encrypted and non-RSA keys, without ever printing them', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const encrypted = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
    const cases: Array<[string, RegExp]> = [
      ['not a key at all', /not a PEM private key/],
      [rsa.slice(0, 400), /not a usable private key: it cannot be read/],
      [damaged, /not a usable private key|could not sign/],
      [encrypted, /encrypted with a passphrase/],
      [ec, /is an ec key; .* needs an RSA key/],
    ];
    for (const [key, message] of cases) {
      const error = await loadDkimSigner(env(key)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(message);
      const shown = `${(error as UserError).message} ${(error as UserError).hint}`;
      for (const part of key.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(shown).not.toContain(part.slice(0, 20));
    }
  });

  it('is reported by check as an error', async () => {
    expect(await dkimKeyFindings(env(rsa))).toEqual([]);
    const findings = await dkimKeyFindings(env('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'));
    expect(findings).toMatchObject([{ level: 'error', rule: 'dkim-key', message: expect.stringContaining('DKIM_PRIVATE_KEY is not a usable private key') }]);
    expect(await dkimKeyFindings({ DKIM_PRIVATE_KEY: rsa })).toMatchObject([{ rule: 'dkim-key', message: expect.stringContaining('needs all of') }]);
    // A selector alone only tells `check --dns` which key to look up.
    expect(await dkimKeyFindings({ DKIM_SELECTOR: 'wd' })).toEqual([]);
  });
});
