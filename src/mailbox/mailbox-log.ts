import { readFile, type FileHandle } from 'node:fs/promises';
import { openForAppending } from '../shared/append-lines.js';
import { UserError } from '../shared/errors.js';
import { fileErrorReason, missingFolderError } from '../shared/output-dir.js';

/**
 * `refused`: the receiving system refused the send for a reason not about the address (policy,
 * spam, rate, our sender address, protocol, routing, or none given): logged with its reason so
 * `status` can show what each domain refuses, never counted against the reader.
 */
export type EventKind = 'bounced-hard' | 'bounced-soft' | 'refused' | 'delayed' | 'delivered' | 'complained' | 'unsubscribed' | 'not-spam';

/**
 * One processed message from the mailbox, one JSON line each in the mailbox log. The log makes
 * re-runs idempotent (a message already logged is never counted again), keeps the soft bounces
 * that have not yet suppressed anyone, and gives `status` each week's bounces and complaints.
 */
export interface MailboxEvent {
  /** When it was processed. */
  at: string;
  /** The returned message's own Message-ID, or a digest of its source when it has none. */
  key: string;
  kind: EventKind;
  email: string;
  /** The issue the original message belonged to; none for an unsubscribe request by mail. */
  week?: string;
  status?: string;
  /** Why a bounce came back (Sisimai's names: userunknown, mailboxfull, blocked, ...); older logs have none. */
  reason?: string;
  detail?: string;
  /** Whether this event added the address to the suppression file. */
  suppressed: boolean;
}

/**
 * What a run read and judged in a folder: every message it left where it was, and every handled
 * one it marked. No later run reads them again while the folder keeps its UIDVALIDITY.
 */
export interface SeenRecord {
  /** Whose mailbox: `user@host`. */
  mailbox: string;
  folder: string;
  uidValidity: string;
  /** An IMAP sequence set of UIDs (`1:480,483`). */
  uids: string;
}

export interface MailboxLog {
  events: MailboxEvent[];
  seen: SeenRecord[];
}

export async function readMailboxLog(file: string, shownFile: string): Promise<MailboxEvent[]> {
  return (await readMailboxState(file, shownFile)).events;
}

/** The events and the seen records of the log; a missing log is an empty one. */
export async function readMailboxState(file: string, shownFile: string): Promise<MailboxLog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], seen: [] };
    throw new UserError(`${shownFile}: cannot read the mailbox log (${fileErrorReason(error)})`);
  }
  const log: MailboxLog = { events: [], seen: [] };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as MailboxEvent & { seen?: SeenRecord };
      if (typeof entry.key === 'string' && typeof entry.kind === 'string' && typeof entry.email === 'string') log.events.push(entry);
      else if (entry.seen && typeof entry.seen.uids === 'string' && typeof entry.seen.uidValidity === 'string') log.seen.push(entry.seen);
    } catch {
      // A torn last line: that message was not finished, and is processed again.
    }
  }
  return log;
}

/**
 * Appends the events. A last line cut short (a crash or a full disk mid-write) first gets its
 * newline, as the send ledger's does: glued to it, the first new event would be unreadable, and
 * lost while its message has already been moved out of the mailbox.
 */
export async function appendMailboxLog(file: string, events: readonly MailboxEvent[], shownFile = file, setting = 'mailbox.log'): Promise<void> {
  await appendLines(file, events, shownFile, setting, 'the messages were not moved, and are read again');
}

/** Records the messages a run read and judged (see SeenRecord). */
export async function appendSeen(file: string, seen: SeenRecord, at: string, shownFile = file, setting = 'mailbox.log'): Promise<void> {
  await appendLines(file, [{ at, seen }], shownFile, setting, 'what was handled is done; the messages left in the mailbox are read once more');
}

async function appendLines(file: string, entries: readonly object[], shownFile: string, setting: string, consequence: string): Promise<void> {
  if (entries.length === 0) return;
  let handle: FileHandle | undefined;
  try {
    const opened = await openForAppending(file);
    handle = opened.handle;
    await handle.write((opened.needsNewline ? '\n' : '') + entries.map((entry) => JSON.stringify(entry) + '\n').join(''));
  } catch (error) {
    const again = `run \`watch-digest mailbox\` again: ${consequence}`;
    throw (
      missingFolderError(error, shownFile, setting, `Then ${again}.`) ??
      new UserError(`${shownFile}: cannot write the mailbox log (${fileErrorReason(error)})`, { hint: `Free some space or fix the permissions, then ${again}.` })
    );
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * How many of the issues sent to an address, counting back from `week`, soft-bounced in a row.
 * An issue sent without a soft bounce breaks the run; with no ledger record of the weeks sent,
 * the soft-bounced weeks alone are counted.
 */
export function softStreak(softWeeks: ReadonlySet<string>, weeksSent: readonly string[], week: string): number {
  const weeks = [...new Set([...weeksSent, ...softWeeks, week])].filter((w) => w <= week).sort().reverse();
  let count = 0;
  for (const w of weeks) {
    if (!softWeeks.has(w)) break;
    count++;
  }
  return count;
}
