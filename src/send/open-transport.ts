import { UserError } from '../shared/errors.js';
import { loadDkimSigner } from './dkim.js';
import { outboxTransport } from './outbox-transport.js';
import { smtpTransport } from './smtp-transport.js';
import type { SmtpSettings, Transport } from './transport.js';

export interface TransportChoice {
  /** From the environment; none means the outbox. */
  smtp: SmtpSettings | undefined;
  env: NodeJS.ProcessEnv;
  outboxDir: string;
  shownOutboxDir: string;
  connections: number;
  rate?: number | undefined;
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * The SMTP pool when SMTP settings are given, else the outbox; both sign with DKIM when a key is
 * set. The key is loaded (and tried) first: a key that cannot sign must stop the run before
 * anything is sent, never mean unsigned mail.
 */
export async function openTransport(choice: TransportChoice): Promise<Transport> {
  const dkim = await loadDkimSigner(choice.env);
  if (!choice.smtp) return outboxTransport(choice.outboxDir, choice.shownOutboxDir, dkim ? { dkim } : {});
  return smtpTransport(choice.smtp, {
    connections: choice.connections,
    ...(choice.rate ? { rate: choice.rate } : {}),
    ...(dkim ? { dkim } : {}),
    onConnectionsReduced: (n, reply) => choice.onWarning?.(`the server refused a connection (${reply.trim()}): going on with ${n} connection(s)`),
  });
}

/** Connects (and logs in) before the first message, so a wrong server or password fails the run up front. */
export async function verifyTransport(transport: Transport): Promise<void> {
  try {
    await transport.verify();
  } catch (error) {
    const { code } = error as { code?: string };
    const hint =
      code === 'EAUTH'
        ? 'Check the user name and password in SMTP_URL (or SMTP_USER / SMTP_PASS).'
        : 'Check SMTP_URL (or SMTP_HOST / SMTP_PORT) and that the server is reachable.';
    throw new UserError(`cannot use the SMTP server ${transport.description}: ${(error as Error).message}`, { hint });
  }
}
