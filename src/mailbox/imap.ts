import { ImapFlow } from 'imapflow';
import { UserError } from '../shared/errors.js';
import { describeMailServer, isLoopback, mailServerFromEnv, type MailServerSettings } from '../shared/mail-server-url.js';
import { scrubError, secretScrubber, type Scrub } from '../shared/scrub-secret.js';

export type ImapSettings = MailServerSettings & { user: string; pass: string };

/** IMAP settings from IMAP_URL, or IMAP_HOST, IMAP_PORT, IMAP_USER, IMAP_PASS, IMAP_SECURE; none when unset. */
export function imapSettingsFromEnv(env: NodeJS.ProcessEnv): ImapSettings | undefined {
  const settings = mailServerFromEnv(env, 'imap');
  if (!settings) return undefined;
  if (!settings.user || settings.pass === undefined) {
    throw new UserError('the bounce mailbox needs a user name and password', { hint: 'Put them in IMAP_URL (imaps://user:password@host) or set IMAP_USER and IMAP_PASS.' });
  }
  return settings as ImapSettings;
}

export function describeImap(settings: ImapSettings): string {
  return describeMailServer(settings, 'imap');
}

/** A logged-in connection with one folder selected and locked, and what its errors may be told with. */
export interface OpenFolder {
  /** The current connection: `reconnect` replaces it. */
  client: ImapFlow;
  /** `imaps://user@host:port`, never the password. */
  server: string;
  /** `user@host`: whose mailbox this is, whatever the port or TLS used to reach it. */
  account: string;
  folder: string;
  /** The folder's UIDVALIDITY: UIDs recorded under another one name other messages. */
  uidValidity: string;
  /** Removes the password, in every form, from a server's text. */
  scrub: Scrub;
  /** Logs in again after a lost connection; refuses (throws) when the folder's UIDVALIDITY changed meanwhile. */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Logs in and selects the folder. Credentials never travel in clear: TLS (imaps://) or STARTTLS
 * is required except to a loopback host.
 */
export async function openFolder(settings: ImapSettings, folder: string): Promise<OpenFolder> {
  const scrub = secretScrubber([settings]);
  const server = describeImap(settings);
  let session = await connect(settings, folder, server, scrub);
  const open: OpenFolder = {
    client: session.client,
    server,
    account: `${settings.user}@${settings.host}`,
    folder,
    uidValidity: session.uidValidity,
    scrub,
    reconnect: async () => {
      await session.close();
      session = await connect(settings, folder, server, scrub);
      open.client = session.client;
      if (session.uidValidity !== open.uidValidity) throw new UserError(`${server}: the UIDVALIDITY of "${folder}" changed during the run`);
    },
    close: () => session.close(),
  };
  return open;
}

async function connect(settings: ImapSettings, folder: string, server: string, scrub: Scrub) {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.secure ? {} : { doSTARTTLS: !isLoopback(settings.host) }),
    auth: { user: settings.user, pass: settings.pass },
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  });
  // A dropped connection is reported by the command that was running; this keeps it from crashing the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    const hint = (error as { authenticationFailed?: boolean }).authenticationFailed
      ? 'Check the user name and password in IMAP_URL (or IMAP_USER / IMAP_PASS).'
      : 'Check IMAP_URL (or IMAP_HOST / IMAP_PORT / IMAP_SECURE) and that the server is reachable.';
    throw new UserError(`cannot open the mailbox ${server}: ${imapReason(error, scrub)}`, { hint });
  }
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(folder);
  } catch (error) {
    await client.logout().catch(() => {});
    throw new UserError(`${server}: cannot open the folder "${folder}": ${imapReason(error, scrub)}`, { hint: 'Check mailbox.folder in the config (the default is INBOX).' });
  }
  return {
    client,
    uidValidity: String(client.mailbox ? client.mailbox.uidValidity : ''),
    close: async () => {
      lock.release();
      await client.logout().catch(() => {});
    },
  };
}

/** A one-line reason, with the password removed in every form a server might have echoed it in. */
export function imapReason(error: unknown, scrub: Scrub): string {
  const { responseText, code, message } = scrubError(error, scrub) as { responseText?: string; code?: string; message?: string };
  const text = responseText || message || scrub(String(error));
  const reason = [text, code && !text.includes(code) ? `(${code})` : ''].filter(Boolean).join(' ');
  return reason.replace(/\s+/g, ' ').trim();
}

/** Whether a failed command lost the connection (the rest of the run cannot go on), rather than being refused. */
export function connectionLost(client: ImapFlow): boolean {
  return !client.usable;
}
