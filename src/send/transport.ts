import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { UserError } from '../errors.js';
import type { PreparedMessage } from './message.js';

/** Where messages go: an SMTP server, or .eml files in the outbox when none is configured. */
export interface Transport {
  kind: 'smtp' | 'outbox';
  /** Safe to print: never contains the password. */
  description: string;
  verify(): Promise<void>;
  send(message: PreparedMessage): Promise<{ response: string }>;
  close(): Promise<void>;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
}

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** SMTP settings from SMTP_URL, or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_SECURE; none when unset. */
export function smtpSettingsFromEnv(env: NodeJS.ProcessEnv): SmtpSettings | undefined {
  if (env.SMTP_URL) {
    let url: URL;
    try {
      url = new URL(env.SMTP_URL);
    } catch {
      throw new UserError('SMTP_URL is not a valid URL', { hint: 'Use smtps://user:password@smtp.example.org:465 or smtp://user:password@smtp.example.org:587.' });
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new UserError(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
    }
    const secure = url.protocol === 'smtps:';
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { pass: decodeURIComponent(url.password) } : {}),
    };
  }
  if (!env.SMTP_HOST) return undefined;
  const secure = /^(1|true|yes)$/i.test(env.SMTP_SECURE ?? '');
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`SMTP_PORT "${env.SMTP_PORT}" is not a port number`);
  return { host: env.SMTP_HOST, port, secure, ...(env.SMTP_USER ? { user: env.SMTP_USER } : {}), ...(env.SMTP_PASS ? { pass: env.SMTP_PASS } : {}) };
}

export function dkimFromEnv(env: NodeJS.ProcessEnv): DkimSettings | undefined {
  const { DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY } = env;
  if (!DKIM_DOMAIN && !DKIM_SELECTOR && !DKIM_PRIVATE_KEY) return undefined;
  if (!DKIM_DOMAIN || !DKIM_SELECTOR || !DKIM_PRIVATE_KEY) {
    throw new UserError('DKIM signing needs all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY', { hint: 'Set the missing ones, or unset all three to send unsigned.' });
  }
  // CI secrets often carry the PEM with literal "\n" sequences.
  return { domainName: DKIM_DOMAIN, keySelector: DKIM_SELECTOR, privateKey: DKIM_PRIVATE_KEY.replace(/\\n/g, '\n') };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface SmtpTransportOptions {
  connections: number;
  /** Messages per second across all connections; undefined for no limit. */
  rate?: number;
  dkim?: DkimSettings;
  /** Told when the server refused a connection and the pool now uses fewer. */
  onConnectionsReduced?: (connections: number, reply: string) => void;
}

export function smtpTransport(settings: SmtpSettings, options: SmtpTransportOptions): Transport {
  const transporter = createTransport({
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    // Credentials never travel in clear: STARTTLS is mandatory unless the server is this machine.
    requireTLS: !settings.secure && !isLoopback(settings.host),
    ignoreTLS: !settings.secure && isLoopback(settings.host),
    ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? '' } } : {}),
    maxConnections: options.connections,
    maxMessages: Infinity,
    ...(options.rate ? { rateDelta: 1000, rateLimit: options.rate } : {}),
    ...(options.dkim ? { dkim: options.dkim } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const scrub = (error: unknown) => scrubSecret(error, settings.pass);
  const gate = new ConnectionGate(options.connections);
  return {
    kind: 'smtp',
    description: `smtp${settings.secure ? 's' : ''}://${settings.user ? `${settings.user}@` : ''}${settings.host}:${settings.port}`,
    verify: async () => {
      try {
        await transporter.verify();
      } catch (error) {
        throw scrub(error);
      }
    },
    send: async (message) => {
      for (;;) {
        await gate.acquire();
        try {
          const info = await transporter.sendMail({ envelope: message.envelope, raw: message.raw });
          return { response: String(info.response ?? '') };
        } catch (error) {
          // The server allows fewer connections than we opened: use fewer and send this one again
          // at once (it was refused before it was sent), rather than fail recipients for it.
          if (gate.limit > 1 && refusedForTooManyConnections(error)) {
            const connections = gate.lower();
            poolOptions(transporter).maxConnections = connections;
            options.onConnectionsReduced?.(connections, String((error as { response?: string }).response ?? (error as Error).message));
            continue;
          }
          throw scrub(error);
        } finally {
          gate.release();
        }
      }
    },
    close: async () => transporter.close(),
  };
}

/** A 421 when connecting (or a reply about too many connections): the server's connection limit. */
function refusedForTooManyConnections(error: unknown): boolean {
  const { responseCode, command, response } = error as { responseCode?: number; command?: string; response?: string };
  if (responseCode !== 421) return false;
  return command === 'CONN' || /too many|concurrent|connection limit|maximum number of/i.test(response ?? '');
}

/** nodemailer's pool reads maxConnections from its options whenever it considers opening one. */
function poolOptions(transporter: ReturnType<typeof createTransport>): { maxConnections?: number } {
  return (transporter as unknown as { transporter?: { options?: { maxConnections?: number } } }).transporter?.options ?? {};
}

/** Messages in flight at once, which bounds the connections the pool opens; the limit only goes down. */
class ConnectionGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(public limit: number) {}

  async acquire(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
  }

  release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  lower(): number {
    this.limit = Math.max(1, this.limit - 1);
    return this.limit;
  }
}

/** Writes each message as an .eml file named after its Message-ID, so a re-run rewrites the same files. */
export function outboxTransport(dir: string, shownDir: string): Transport {
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'outbox',
    description: `outbox ${shownDir}${path.sep} (no SMTP settings: nothing is sent)`,
    verify: async () => {},
    send: async (message) => {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const name = message.messageId.replace(/^<|@.*$/g, '') + '.eml';
      await writeFile(path.join(dir, name), message.raw);
      return { response: `written to ${name}` };
    },
    close: async () => {},
  };
}

/** Errors from the SMTP layer, with the password removed wherever it might have been echoed. */
function scrubSecret(error: unknown, secret: string | undefined): unknown {
  if (!secret || !(error instanceof Error)) return error;
  const hide = (s: string) => s.split(secret).join('***').split(encodeURIComponent(secret)).join('***');
  error.message = hide(error.message);
  const withResponse = error as Error & { response?: string };
  if (typeof withResponse.response === 'string') withResponse.response = hide(withResponse.response);
  return error;
}
