import { UserError } from '../shared/errors.js';
import { PROCESSED_KEYWORD } from './finish-messages.js';
import { imapReason, type OpenFolder } from './imap.js';
import type { SeenRecord } from './mailbox-log.js';
import { UidRanges } from './uid-set.js';

export interface FolderListing {
  /** Messages to read, by UID, ascending: not yet handled, and not judged by an earlier run. */
  toRead: number[];
  /** Messages an earlier run judged and left (or marked): not read again. */
  skippedSeen: number;
  /** Messages an earlier run handled and marked but could not move: they only need moving. */
  unmoved: number[];
  /** The seen records were for another UIDVALIDITY of this folder, so they name other messages. */
  uidValidityChanged: boolean;
}

/**
 * Which messages of the folder this run reads, from two searches (the server's work, a few bytes
 * per message) and the seen records of the mailbox log; `reread` ignores those records.
 */
export async function listFolder(folder: OpenFolder, seen: readonly SeenRecord[], options: { moving: boolean; reread: boolean }): Promise<FolderListing> {
  const mine = seen.filter((record) => record.mailbox === folder.account && record.folder === folder.folder);
  const current = mine.filter((record) => record.uidValidity === folder.uidValidity);
  const uidValidityChanged = mine.length > 0 && current.length === 0;
  if (!folder.client.mailbox || folder.client.mailbox.exists === 0) return { toRead: [], skippedSeen: 0, unmoved: [], uidValidityChanged };
  const unprocessed = await search(folder, { unKeyword: PROCESSED_KEYWORD });
  const unmoved = options.moving ? await search(folder, { keyword: PROCESSED_KEYWORD }) : [];
  const ranges = new UidRanges(options.reread ? [] : current.map((record) => record.uids));
  const toRead = unprocessed.filter((uid) => !ranges.has(uid));
  return { toRead, skippedSeen: unprocessed.length - toRead.length, unmoved, uidValidityChanged };
}

async function search(folder: OpenFolder, query: { keyword?: string; unKeyword?: string }): Promise<number[]> {
  let found: number[] | false | undefined;
  let failure: unknown;
  try {
    found = (await folder.client.search(query, { uid: true })) as number[] | false | undefined;
  } catch (error) {
    failure = error;
  }
  if (!Array.isArray(found)) {
    throw new UserError(`${folder.server}: cannot list the messages in "${folder.folder}": ${failure ? imapReason(failure, folder.scrub) : 'the server refused the search'}`, {
      hint: 'Run `watch-digest mailbox` again; nothing was changed.',
    });
  }
  return [...found].sort((a, b) => a - b);
}
