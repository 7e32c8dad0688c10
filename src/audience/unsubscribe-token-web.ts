import { HKDF_INFO, LEGACY_SIGNATURE_BYTES, MAX_TOKEN_LENGTH, NONCE_BYTES, TAG_BYTES, TOKEN_SHAPE, TOKEN_VERSION } from './token-layout.js';

/*
 * The unsubscribe token verified with Web Crypto only (crypto.subtle, atob, TextEncoder), so the
 * endpoint runs unchanged on Node, Cloudflare Workers (no nodejs_compat needed), Deno or Bun.
 * Same contract as verifyToken in unsubscribe-token.ts: the lower-cased address, or undefined
 * for anything not issued with this secret; never throws.
 */

export interface TokenVerifier {
  verify(token: string): Promise<string | undefined>;
}

const encoder = new TextEncoder();
/** The global Web Crypto key type, named through the global `crypto` so no DOM library is needed. */
type CryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** A verifier for one UNSUBSCRIBE_SECRET; its keys are derived once. */
export function webTokenVerifier(secret: string): TokenVerifier {
  const keys = secret ? deriveKeys(secret) : undefined;
  // A key that cannot be derived fails each verification (below), never the process.
  keys?.catch(() => {});
  return {
    async verify(token) {
      if (typeof token !== 'string' || !keys) return undefined;
      const trimmed = token.trim();
      if (!trimmed || trimmed.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(trimmed)) return undefined;
      try {
        return trimmed.includes('.') ? await verifyLegacy(trimmed, await keys) : await open(trimmed, await keys);
      } catch {
        return undefined;
      }
    },
  };
}

interface Keys {
  encryption: CryptoKey;
  legacy: CryptoKey;
}

async function deriveKeys(secret: string): Promise<Keys> {
  const ikm = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(HKDF_INFO) }, ikm, 512));
  const encryption = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['decrypt']);
  const legacy = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return { encryption, legacy };
}

async function open(token: string, keys: Keys): Promise<string | undefined> {
  const bytes = fromBase64Url(token);
  if (!bytes || bytes.length < 1 + NONCE_BYTES + 1 + TAG_BYTES || bytes[0] !== TOKEN_VERSION) return undefined;
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(1, 1 + NONCE_BYTES), additionalData: Uint8Array.of(TOKEN_VERSION), tagLength: TAG_BYTES * 8 },
    keys.encryption,
    bytes.slice(1 + NONCE_BYTES),
  );
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}

/** Version 1: the address in readable base64url and a 128-bit HMAC over it, compared in constant time. */
async function verifyLegacy(token: string, keys: Keys): Promise<string | undefined> {
  const [payload, signature] = token.split('.') as [string, string];
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.legacy, encoder.encode(payload))).slice(0, LEGACY_SIGNATURE_BYTES);
  if (!sameText(toBase64Url(mac), signature)) return undefined;
  const address = fromBase64Url(payload);
  return address ? new TextDecoder('utf-8', { fatal: true }).decode(address) : undefined;
}

/** Compares without an early exit, so the time taken says nothing about where two strings differ. */
export function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}

/** Strict base64url (no padding): undefined for anything that does not decode whole. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
