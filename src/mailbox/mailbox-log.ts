import { readFile, type FileHandle } from 'node:fs/promises';
import { openForAppending } from '../shared/append-lines.js';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';

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

export async function readMailboxLog(file: string, shownFile: string): Promise<MailboxEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserError(`${shownFile}: cannot read the mailbox log (${fileErrorReason(error)})`);
  }
  const events: MailboxEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const event = JSON.parse(line) as MailboxEvent;
      if (typeof event.key === 'string' && typeof event.kind === 'string' && typeof event.email === 'string') events.push(event);
    } catch {
      // A torn last line: that message was not finished, and is processed again.
    }
  }
  return events;
}

/**
 * Appends the events. A last line cut short (a crash or a full disk mid-write) first gets its
 * newline, as the send ledger's does: glued to it, the first new event would be unreadable, and
 * lost while its message has already been moved out of the mailbox.
 */
export async function appendMailboxLog(file: string, events: readonly MailboxEvent[], shownFile = file): Promise<void> {
  if (events.length === 0) return;
  let handle: FileHandle | undefined;
  try {
    const opened = await openForAppending(file);
    handle = opened.handle;
    await handle.write((opened.needsNewline ? '\n' : '') + events.map((event) => JSON.stringify(event) + '\n').join(''));
  } catch (error) {
    throw new UserError(`${shownFile}: cannot write the mailbox log (${fileErrorReason(error)})`, {
      hint: 'Free some space or fix the permissions, then run `watch-digest mailbox` again: the messages were not moved, and are read again.',
    });
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
