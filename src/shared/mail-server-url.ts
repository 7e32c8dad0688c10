import { UserError } from './errors.js';
import type { Credentials } from './scrub-secret.js';
import { decodeCredential } from './uri-decode.js';

/** Where a mail server is and how to log in: from `SMTP_URL` / `IMAP_URL`, or their `_HOST`, `_PORT`, `_USER`, `_PASS`, `_SECURE` parts. */
export interface MailServerSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, imaps://); otherwise STARTTLS, required except on loopback. */
  secure: boolean;
  user?: string;
  pass?: string;
}

interface Protocol {
  variable: 'SMTP' | 'IMAP';
  scheme: 'smtp' | 'imap';
  ports: { plain: number; tls: number };
  example: string;
  /** TLS when _SECURE is unset: SMTP submission defaults to STARTTLS on 587, IMAP to imaps on 993 (unless port 143). */
  secureByDefault: (env: NodeJS.ProcessEnv) => boolean;
}

const PROTOCOLS: Record<'smtp' | 'imap', Protocol> = {
  smtp: {
    variable: 'SMTP',
    scheme: 'smtp',
    ports: { plain: 587, tls: 465 },
    example: 'smtps://user:password@smtp.example.org:465 or smtp://user:password@smtp.example.org:587',
    secureByDefault: () => false,
  },
  imap: {
    variable: 'IMAP',
    scheme: 'imap',
    ports: { plain: 143, tls: 993 },
    example: 'imaps://user:password@imap.example.org:993',
    secureByDefault: (env) => env.IMAP_PORT !== '143',
  },
};

/** The SMTP or IMAP server the environment names; undefined when it names none. Never repeats a password in an error. */
export function mailServerFromEnv(env: NodeJS.ProcessEnv, protocol: 'smtp' | 'imap'): MailServerSettings | undefined {
  const p = PROTOCOLS[protocol];
  const urlText = env[`${p.variable}_URL`];
  if (urlText) return fromUrl(urlText, p);
  const host = env[`${p.variable}_HOST`];
  if (!host) return undefined;
  const flag = env[`${p.variable}_SECURE`];
  const secure = flag === undefined || flag === '' ? p.secureByDefault(env) : yesOrNo(flag, `${p.variable}_SECURE`);
  const portText = env[`${p.variable}_PORT`];
  const port = portText ? Number(portText) : secure ? p.ports.tls : p.ports.plain;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`${p.variable}_PORT "${portText}" is not a port number`);
  const user = env[`${p.variable}_USER`];
  const pass = env[`${p.variable}_PASS`];
  return { host, port, secure, ...(user ? { user } : {}), ...(pass ? { pass } : {}) };
}

function fromUrl(text: string, p: Protocol): MailServerSettings {
  const variable = `${p.variable}_URL`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`${variable} is not a valid URL`, { hint: `Use ${p.example} (URL-encode special characters in the password).` });
  }
  if (url.protocol !== `${p.scheme}:` && url.protocol !== `${p.scheme}s:`) {
    throw new UserError(`${variable} must start with ${p.scheme}:// or ${p.scheme}s://, not ${url.protocol}//`);
  }
  const secure = url.protocol === `${p.scheme}s:`;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? p.ports.tls : p.ports.plain,
    secure,
    ...(url.username ? { user: decodeCredential(url.username, variable, 'user name') } : {}),
    ...(url.password ? { pass: decodeCredential(url.password, variable, 'password') } : {}),
  };
}

/** The server as it may be printed: scheme, user, host and port, never the password. */
export function describeMailServer(settings: MailServerSettings, scheme: 'smtp' | 'imap'): string {
  return `${scheme}${settings.secure ? 's' : ''}://${settings.user ? `${settings.user}@` : ''}${settings.host}:${settings.port}`;
}

function yesOrNo(value: string, variable: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new UserError(`${variable} "${value}": expected true or false`, { hint: `true for TLS from the first byte (ports 465, 993), false for STARTTLS.` });
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Every login the environment holds (SMTP and IMAP, URL or parts), for scrubbing whatever is
 * printed; never throws (the command that uses malformed settings says what is wrong with them).
 */
export function credentialsInEnv(env: NodeJS.ProcessEnv): Credentials[] {
  const found: Credentials[] = [];
  for (const protocol of ['smtp', 'imap'] as const) {
    const variable = PROTOCOLS[protocol].variable;
    try {
      const settings = mailServerFromEnv(env, protocol);
      if (settings?.pass) found.push(settings);
    } catch {
      // A URL too broken to read may still hold a password, as it was typed.
      const typed = /^[a-z]+:\/\/[^:/@]*:([^@/]+)@/i.exec(env[`${variable}_URL`] ?? '')?.[1];
      if (typed) found.push({ pass: typed });
    }
    // Set beside a URL, which wins, the parts are still secrets.
    if (env[`${variable}_PASS`]) found.push({ user: env[`${variable}_USER`], pass: env[`${variable}_PASS`] });
  }
  return found;
}
