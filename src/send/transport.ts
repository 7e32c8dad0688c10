import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createTransport } from 'nodemailer';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';
import { decodeCredential } from '../shared/uri-decode.js';
import type { DkimSigner } from './dkim.js';
import type { PreparedMessage } from './message.js';

/** Where messages go: an SMTP server, or .eml files in the outbox when none is configured. */
export interface Transport {
  kind: 'smtp' | 'outbox';
  /** Safe to print: never contains the password. */
  description: string;
  verify(): Promise<void>;
  /**
   * Delivers one message. A failure is a `SendFailure` when the outcome is known not to be a
   * delivery (`cancelled`: `stop` fired before the message was handed to a connection) or may be
   * one (`outcomeUnknown`: the connection dropped or timed out after the whole message was sent,
   * before the server's reply).
   */
  send(message: PreparedMessage, options?: { stop?: AbortSignal }): Promise<{ response: string }>;
  close(): Promise<void>;
}

export type SendFailure = Error & { cancelled?: boolean; outcomeUnknown?: boolean; code?: string; responseCode?: number };

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
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
      ...(url.username ? { user: decodeCredential(url.username, 'SMTP_URL', 'user name') } : {}),
      ...(url.password ? { pass: decodeCredential(url.password, 'SMTP_URL', 'password') } : {}),
    };
  }
  if (!env.SMTP_HOST) return undefined;
  const secure = /^(1|true|yes)$/i.test(env.SMTP_SECURE ?? '');
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`SMTP_PORT "${env.SMTP_PORT}" is not a port number`);
  return { host: env.SMTP_HOST, port, secure, ...(env.SMTP_USER ? { user: env.SMTP_USER } : {}), ...(env.SMTP_PASS ? { pass: env.SMTP_PASS } : {}) };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface SmtpTransportOptions {
  connections: number;
  /** Messages per second across all connections; undefined for no limit. */
  rate?: number;
  dkim?: DkimSigner;
  /** How long a silent server is waited for (default 60 s); lowered in tests. */
  socketTimeoutMs?: number;
  /** Told when the server refused a connection and the pool now uses fewer. */
  onConnectionsReduced?: (connections: number, reply: string) => void;
}

/** What the sender passes with each message, so the plugin below can tell how far it got. */
interface Progress {
  /** The message was handed to a connection (its stream was opened). */
  assigned: boolean;
  /** The connection has read the whole message; only the final dot and the reply remain. */
  handedOver: boolean;
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
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
  });
  // The last step of nodemailer's message stream is what the connection reads after the server's
  // 354: when it has been read to the end, the message is the server's and only its reply is
  // missing. (DKIM is signed before the message gets here, so no signer buffers in between.)
  transporter.use('stream', (mail, done) => {
    const progress = (mail.data as { progress?: Progress }).progress;
    if (progress) {
      mail.message.processFunc((input: Readable) => {
        progress.assigned = true;
        const tracked = new PassThrough();
        tracked.once('end', () => (progress.handedOver = true));
        return pipeline(input, tracked, () => {});
      });
    }
    done();
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
    send: async (message, { stop } = {}) => {
      const raw = options.dkim ? await options.dkim.sign(message.raw) : message.raw;
      for (;;) {
        await gate.acquire();
        const progress: Progress = { assigned: false, handedOver: false };
        // Stopping cancels only what still waits in the pool's queue; a message on a connection finishes.
        const cancel = new AbortController();
        const onStop = () => {
          if (!progress.assigned) cancel.abort();
        };
        stop?.addEventListener('abort', onStop, { once: true });
        if (stop?.aborted) onStop();
        try {
          const info = await transporter.sendMail({ envelope: message.envelope, raw, signal: cancel.signal, progress } as Parameters<typeof transporter.sendMail>[0]);
          return { response: String(info.response ?? '') };
        } catch (error) {
          // The server allows fewer connections than we opened: use fewer and send this one again
          // at once (it was refused before it was sent), rather than fail recipients for it.
          if (!cancel.signal.aborted && gate.limit > 1 && refusedForTooManyConnections(error)) {
            const connections = gate.lower();
            poolOptions(transporter).maxConnections = connections;
            options.onConnectionsReduced?.(connections, String((error as { response?: string }).response ?? (error as Error).message));
            continue;
          }
          const failure = scrub(error) as SendFailure;
          if (cancel.signal.aborted && !progress.assigned) failure.cancelled = true;
          // Without a reply code after the whole message went out, the server may have taken it.
          else if (progress.handedOver && typeof failure.responseCode !== 'number') failure.outcomeUnknown = true;
          throw failure;
        } finally {
          stop?.removeEventListener('abort', onStop);
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
export function outboxTransport(dir: string, shownDir: string, options: { dkim?: DkimSigner } = {}): Transport {
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'outbox',
    description: `outbox ${shownDir}${path.sep} (no SMTP settings: nothing is sent)`,
    verify: async () => {},
    send: async (message) => {
      const name = message.messageId.replace(/^<|@.*$/g, '') + '.eml';
      try {
        ready ??= mkdir(dir, { recursive: true });
        await ready;
        await writeFile(path.join(dir, name), options.dkim ? await options.dkim.sign(message.raw) : message.raw);
      } catch (error) {
        // A full disk or a read-only folder stops the run: every later file would fail the same way.
        throw new UserError(`${path.join(shownDir, name)}: cannot write to the outbox (${fileErrorReason(error)})`);
      }
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
