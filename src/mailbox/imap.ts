import { ImapFlow } from 'imapflow';
import { UserError } from '../shared/errors.js';
import { describeMailServer, isLoopback, mailServerFromEnv, type MailServerSettings } from '../shared/mail-server-url.js';

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

export interface FetchedMessage {
  uid: number;
  source: Buffer;
}

export interface OpenMailbox {
  /** Messages in the folder, except those marked processed and those too large to be returned mail. */
  messages: FetchedMessage[];
  skippedLarge: number;
  /**
   * Marks processed messages (\Seen and a keyword), then moves them to `moveTo` unless it is
   * undefined; says why when they could only be flagged.
   */
  finish(uids: number[], moveTo: string | undefined): Promise<{ moved: boolean; note?: string }>;
  close(): Promise<void>;
}

/** The keyword that marks a message as processed, so a re-run (or `flag` mode) skips it. */
export const PROCESSED_KEYWORD = '$WatchDigestProcessed';
/** Bounces and reports are small; anything larger is some reader's attachment, left unread. */
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Opens the mailbox folder and reads the messages to classify. Credentials never travel in
 * clear: TLS (imaps://) or STARTTLS is required except to a loopback host. Nothing is ever
 * deleted: `finish` only sets flags and moves (IMAP MOVE, or COPY then expunge where the
 * server lacks MOVE, which is how IMAP moves).
 */
export async function openMailbox(settings: ImapSettings, folder: string): Promise<OpenMailbox> {
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
    throw connectionError(error, settings);
  }
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(folder);
  } catch (error) {
    await client.logout().catch(() => {});
    throw new UserError(`${describeImap(settings)}: cannot open the folder "${folder}": ${imapReason(error, settings)}`, {
      hint: 'Check mailbox.folder in the config (the default is INBOX).',
    });
  }
  try {
    const wanted: number[] = [];
    let skippedLarge = 0;
    const exists = client.mailbox ? client.mailbox.exists : 0;
    if (exists > 0) {
      for await (const message of client.fetch('1:*', { uid: true, size: true, flags: true })) {
        if (message.flags?.has(PROCESSED_KEYWORD)) continue;
        if ((message.size ?? 0) > MAX_BYTES) skippedLarge++;
        else wanted.push(message.uid);
      }
    }
    const messages: FetchedMessage[] = [];
    if (wanted.length > 0) {
      for await (const message of client.fetch(wanted.join(','), { uid: true, source: true }, { uid: true })) {
        if (message.source) messages.push({ uid: message.uid, source: message.source });
      }
    }
    messages.sort((a, b) => a.uid - b.uid);
    return {
      messages,
      skippedLarge,
      finish: async (uids, moveTo) => {
        if (uids.length === 0) return { moved: moveTo !== undefined };
        // The suppression file and the log are written by now: a failure here loses nothing.
        const failed = (what: string, error: unknown) =>
          new UserError(`${describeImap(settings)}: ${what} in "${folder}": ${imapReason(error, settings)}`, {
            hint: 'The suppressions and the mailbox log are saved; run `watch-digest mailbox` again: the log keeps these messages from counting twice.',
          });
        const sets = uidSets(uids);
        const notes: string[] = [];
        try {
          let flagged = true;
          for (const set of sets) flagged = (await client.messageFlagsAdd(set, ['\\Seen', PROCESSED_KEYWORD], { uid: true })) && flagged;
          if (!flagged) notes.push('the server did not flag every handled message as processed; the mailbox log keeps them from counting twice');
        } catch (error) {
          throw failed('cannot flag the handled messages', error);
        }
        if (moveTo === undefined) return { moved: false, ...noteOf(notes) };
        // Without MOVE, a move is COPY then EXPUNGE, and without UIDPLUS that EXPUNGE would also
        // remove any other message someone marked deleted: flag only, rather than risk that.
        if (!client.capabilities.has('MOVE') && !client.capabilities.has('UIDPLUS')) {
          return { moved: false, ...noteOf([...notes, 'the server supports neither MOVE nor UIDPLUS, so handled messages were flagged, not moved']) };
        }
        try {
          await client.mailboxCreate(moveTo);
        } catch (error) {
          if ((error as { serverResponseCode?: string }).serverResponseCode !== 'ALREADYEXISTS') throw failed(`cannot create the folder "${moveTo}" for handled messages`, error);
        }
        let moved = true;
        try {
          for (const set of sets) moved = Boolean(await client.messageMove(set, moveTo, { uid: true })) && moved;
        } catch (error) {
          throw failed(`cannot move the handled messages to "${moveTo}"`, error);
        }
        if (!moved) notes.push(`moving handled messages to "${moveTo}" failed; they are flagged as processed instead`);
        return { moved, ...noteOf(notes) };
      },
      close: async () => {
        lock.release();
        await client.logout().catch(() => {});
      },
    };
  } catch (error) {
    lock.release();
    await client.logout().catch(() => {});
    throw new UserError(`${describeImap(settings)}: reading "${folder}" failed: ${imapReason(error, settings)}`, { hint: 'Run `watch-digest mailbox` again; nothing was changed.' });
  }
}

function noteOf(notes: string[]): { note?: string } {
  return notes.length ? { note: notes.join('; ') } : {};
}

/**
 * UIDs as IMAP sequence sets (`3:7,9,12:15`), each at most `maxLength` characters: servers limit
 * a command line (Dovecot to 64 KB, RFC 7162 advises 8 KB), and thousands of handled messages
 * must never make one too long.
 */
export function uidSets(uids: readonly number[], maxLength = 4000): string[] {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  const sets: string[] = [];
  for (const range of ranges) {
    const last = sets.at(-1);
    if (last !== undefined && last.length + 1 + range.length <= maxLength) sets[sets.length - 1] = `${last},${range}`;
    else sets.push(range);
  }
  return sets;
}

function connectionError(error: unknown, settings: ImapSettings): UserError {
  const failed = error as { authenticationFailed?: boolean; code?: string };
  const hint = failed.authenticationFailed
    ? 'Check the user name and password in IMAP_URL (or IMAP_USER / IMAP_PASS).'
    : 'Check IMAP_URL (or IMAP_HOST / IMAP_PORT / IMAP_SECURE) and that the server is reachable.';
  return new UserError(`cannot open the mailbox ${describeImap(settings)}: ${imapReason(error, settings)}`, { hint });
}

/** A one-line reason, with the password removed wherever a server might have echoed it. */
export function imapReason(error: unknown, settings: Pick<ImapSettings, 'pass'>): string {
  const { responseText, code, message } = error as { responseText?: string; code?: string; message?: string };
  const reason = [responseText || message || String(error), code && !String(responseText ?? message).includes(code) ? `(${code})` : ''].filter(Boolean).join(' ');
  const hide = (s: string) => (settings.pass ? s.split(settings.pass).join('***').split(encodeURIComponent(settings.pass)).join('***') : s);
  return hide(reason.replace(/\s+/g, ' ').trim());
}
