import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createTransport } from 'nodemailer';
import { describeMailServer, isLoopback } from '../shared/mail-server-url.js';
import { scrubError, secretScrubber } from '../shared/scrub-secret.js';
import type { DkimSigner } from './dkim.js';
import type { SendFailure, SmtpSettings, Transport } from './transport.js';

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

/**
 * The last step of nodemailer's message stream is what the connection reads after the server's
 * 354: when it has been read to the end, the message is the server's and only its reply is
 * missing. (DKIM is signed before the message gets here, so no signer buffers in between.)
 */
function trackHandOver(transporter: ReturnType<typeof createTransport>): void {
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
}

/** nodemailer's pool, configured: TLS rules, connections, rate window, timeouts. */
function createPool(settings: SmtpSettings, options: SmtpTransportOptions): ReturnType<typeof createTransport> {
  return createTransport({
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
}

export function smtpTransport(settings: SmtpSettings, options: SmtpTransportOptions): Transport {
  const transporter = createPool(settings, options);
  trackHandOver(transporter);
  // Every text from the server may echo the AUTH payload: errors, replies, the ledger's response.
  const scrubber = secretScrubber([settings]);
  const scrub = (error: unknown) => scrubError(error, scrubber);
  const gate = new ConnectionGate(options.connections);
  return {
    kind: 'smtp',
    description: describeMailServer(settings, 'smtp'),
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
          return { response: scrubber(String(info.response ?? '')) };
        } catch (error) {
          // The server allows fewer connections than we opened: use fewer and send this one again
          // at once (it was refused before it was sent), rather than fail recipients for it.
          if (!cancel.signal.aborted && gate.limit > 1 && refusedForTooManyConnections(error)) {
            const connections = gate.lower();
            poolOptions(transporter).maxConnections = connections;
            options.onConnectionsReduced?.(connections, scrubber(String((error as { response?: string }).response ?? (error as Error).message)));
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

