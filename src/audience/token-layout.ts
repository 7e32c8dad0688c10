/*
 * The unsubscribe token's layout, shared by the Node signer (unsubscribe-token.ts) and the Web
 * Crypto verifier that the endpoint runs on any runtime (unsubscribe-token-web.ts). Nothing here
 * may import a Node module: the endpoint's serverless bundle includes this file.
 *
 * A token is base64url (no padding) of: version byte 0x02 | nonce (12 bytes) | AES-256-GCM
 * ciphertext of the lower-cased address (UTF-8) | GCM tag (16 bytes), the version byte as the
 * additional authenticated data. The 32-byte encryption key and a 32-byte nonce key are
 * HKDF-SHA256(ikm = UNSUBSCRIBE_SECRET as UTF-8, salt = empty, info = HKDF_INFO, 64 bytes):
 * the first 32 bytes encrypt, the last 32 key the HMAC-SHA256 of the address whose first 12 bytes
 * are the nonce (one address, one token). Version 1 tokens, `<base64url address>.<base64url of
 * the first 16 bytes of HMAC-SHA256(UNSUBSCRIBE_SECRET, base64url address)>`, still verify.
 */
export const TOKEN_VERSION = 0x02;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const HKDF_INFO = 'watch-digest unsubscribe token v2';
/** Far longer than any token for a valid address (254 characters at most). */
export const MAX_TOKEN_LENGTH = 1024;
/** What a token may look like before any cryptography is tried. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/;
/** Legacy (version 1) signatures are this many bytes of the HMAC. */
export const LEGACY_SIGNATURE_BYTES = 16;
