import { connectionLost, imapReason, type OpenFolder } from './imap.js';
import { uidSets, UidRanges } from './uid-set.js';

/** The keyword that marks a message as handled, so later runs (and `flag` mode) leave it be. */
export const PROCESSED_KEYWORD = '$WatchDigestProcessed';

export interface FinishResult {
  /** Handled messages now marked \Seen and with the keyword (or that the server refused to mark). */
  flagged: number[];
  /** Moved to the processed folder. */
  moved: number[];
  /** What stopped the work; the messages not in `flagged` (and, when moving, not in `moved`) are left for the next run. */
  fault?: string;
  /** Things to know that leave nothing undone. */
  notes: string[];
  /** The server cannot move messages safely, so handled ones were only marked. */
  markedOnly?: boolean;
}

/**
 * Marks handled messages (\Seen and the keyword), then moves them to `moveTo` unless it is
 * undefined. Nothing is ever deleted: without MOVE, a move is COPY then UID EXPUNGE of exactly
 * these messages (UIDPLUS); a server with neither only gets them marked. A failure stops the
 * work and is said in `fault`: marked messages still in the folder are moved by the next run.
 */
export async function finishMessages(folder: OpenFolder, uids: readonly number[], moveTo: string | undefined): Promise<FinishResult> {
  const { client } = folder;
  const result: FinishResult = { flagged: [], moved: [], notes: [] };
  if (uids.length === 0) return result;
  const failed = (what: string, error?: unknown) =>
    `${what} in "${folder.folder}": ${connectionLost(client) ? `the connection was lost${error ? ` (${imapReason(error, folder.scrub)})` : ''}` : error ? imapReason(error, folder.scrub) : 'the server refused'}`;
  const sets = uidSets(uids);
  for (const set of sets) {
    const done = await client.messageFlagsAdd(set, ['\\Seen', PROCESSED_KEYWORD], { uid: true }).catch((error: unknown) => error);
    if (done !== true && connectionLost(client)) return { ...result, fault: failed('cannot mark the handled messages', done instanceof Error ? done : undefined) };
    // A server that keeps no keywords still gets the message moved, and the log keeps it from counting twice.
    if (done !== true && !result.notes.length) result.notes.push('the server did not mark every handled message as processed; the mailbox log keeps them from counting twice');
    result.flagged.push(...uidsIn(set, uids));
  }
  if (moveTo === undefined) return result;
  if (!client.capabilities.has('MOVE') && !client.capabilities.has('UIDPLUS')) {
    // Without UIDPLUS, the EXPUNGE after COPY would also remove any message someone else marked deleted.
    return { ...result, markedOnly: true, notes: [...result.notes, 'the server supports neither MOVE nor UIDPLUS, so handled messages were marked, not moved'] };
  }
  try {
    await client.mailboxCreate(moveTo);
  } catch (error) {
    if ((error as { serverResponseCode?: string }).serverResponseCode !== 'ALREADYEXISTS') return { ...result, fault: failed(`cannot create the folder "${moveTo}" for handled messages`, error) };
  }
  for (const set of sets) {
    const moved = await client.messageMove(set, moveTo, { uid: true }).catch((error: unknown) => error);
    if (!moved || moved instanceof Error) return { ...result, fault: failed(`cannot move the handled messages to "${moveTo}"`, moved instanceof Error ? moved : undefined) };
    result.moved.push(...uidsIn(set, uids));
  }
  return result;
}

function uidsIn(set: string, uids: readonly number[]): number[] {
  const ranges = new UidRanges([set]);
  return uids.filter((uid) => ranges.has(uid));
}
