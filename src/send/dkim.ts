import { createPrivateKey, type KeyObject } from 'node:crypto';
import { text } from 'node:stream/consumers';
import DKIM from 'nodemailer/lib/dkim';
import { UserError } from '../shared/errors.js';

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface DkimSigner {
  domainName: string;
  keySelector: string;
  /** The message with a DKIM-Signature header added. */
  sign(raw: string): Promise<string>;
}

const HINT = 'Put the whole PEM private key (RSA, unencrypted, "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----", line breaks or \\n escapes) in DKIM_PRIVATE_KEY, or unset DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY to let your provider sign.';

/** DKIM settings from DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY; none when all are unset. */
export function dkimFromEnv(env: NodeJS.ProcessEnv): DkimSettings | undefined {
  const { DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY } = env;
  if (!DKIM_DOMAIN && !DKIM_SELECTOR && !DKIM_PRIVATE_KEY) return undefined;
  if (!DKIM_DOMAIN || !DKIM_SELECTOR || !DKIM_PRIVATE_KEY) {
    throw new UserError('DKIM signing needs all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY', { hint: 'Set the missing ones, or unset all three to send unsigned.' });
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(DKIM_DOMAIN.trim())) {
    throw new UserError(`DKIM_DOMAIN "${DKIM_DOMAIN}" is not a domain name`, { hint: 'Use the domain of your From address, e.g. example.org.' });
  }
  if (!/^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*$/i.test(DKIM_SELECTOR.trim())) {
    throw new UserError(`DKIM_SELECTOR "${DKIM_SELECTOR}" is not a selector`, { hint: 'Use the name before ._domainkey in your DNS record, e.g. "news2024".' });
  }
  // CI secrets often carry the PEM with literal "\n" sequences.
  return { domainName: DKIM_DOMAIN.trim(), keySelector: DKIM_SELECTOR.trim(), privateKey: DKIM_PRIVATE_KEY.replace(/\\n/g, '\n').trim() };
}

/**
 * Loads the DKIM key from the environment and signs a test message with it, so a key that would
 * leave mail unsigned (nodemailer sends unsigned when signing fails) stops everything before the
 * first message. Errors never contain the key.
 */
export async function loadDkimSigner(env: NodeJS.ProcessEnv): Promise<DkimSigner | undefined> {
  const settings = dkimFromEnv(env);
  if (!settings) return undefined;
  const key = readKey(settings.privateKey);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new UserError(`DKIM_PRIVATE_KEY is an ${key.asymmetricKeyType ?? 'unknown'} key; watch-digest signs with rsa-sha256, which needs an RSA key`, { hint: HINT });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) {
    throw new UserError(`DKIM_PRIVATE_KEY is a ${bits}-bit RSA key; receivers ignore DKIM keys under 1024 bits (RFC 8301)`, { hint: 'Generate a 2048-bit key: `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`.' });
  }
  const dkim = new DKIM(settings);
  const sign = async (raw: string) => text(dkim.sign(raw));
  const probe = 'From: probe@example.org\r\nTo: probe@example.org\r\nSubject: DKIM probe\r\nMessage-ID: <probe@example.org>\r\n\r\nProbe.\r\n';
  let signed: string;
  try {
    signed = await sign(probe);
  } catch {
    signed = '';
  }
  if (!/^DKIM-Signature: .*\bb=\S/ms.test(signed)) {
    throw new UserError('DKIM_PRIVATE_KEY could not sign a test message: the mail would go out unsigned', { hint: HINT });
  }
  return { domainName: settings.domainName, keySelector: settings.keySelector, sign };
}

function readKey(pem: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new UserError('DKIM_PRIVATE_KEY is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)', { hint: HINT });
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: *4,ENCRYPTED/.test(pem)) {
    throw new UserError('DKIM_PRIVATE_KEY is not a usable private key: it is encrypted with a passphrase', { hint: HINT });
  }
  try {
    return createPrivateKey(pem);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = /PASSPHRASE/i.test(code) ? 'it is encrypted with a passphrase' : 'it cannot be read: damaged, cut short or not a key';
    throw new UserError(`DKIM_PRIVATE_KEY is not a usable private key: ${why}`, { hint: HINT });
  }
}
