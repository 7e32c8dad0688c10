import type { FetchQueryObject, MessageStructureObject } from 'imapflow';
import { connectionLost, imapReason, type OpenFolder } from './imap.js';
import { boundedSource, partsQuery, SOURCE_BYTES } from './message-parts.js';
import { uidSetText } from './uid-set.js';

export interface ReadMessage {
  uid: number;
  /** At most MAX_MESSAGE_BYTES: what the classifier needs, never an attachment. */
  source: Buffer;
}

export interface ReadBatch {
  messages: ReadMessage[];
  /** Messages the server would not give (they are read again by the next run). */
  unread: Array<{ uid: number; reason: string }>;
}

/** The connection dropped while reading: the messages of this batch and the later ones are left for the next run. */
export class ReadInterrupted extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Messages per batch: with at most 224 KiB read of each, a batch holds 14 MB at the very most. */
export const BATCH_SIZE = 64;
/** Connections lost in a row, with nothing read in between, before the reading stops (a server that drops every session). */
const MAX_LOST_IN_A_ROW = 5;

/**
 * Reads the messages, `BATCH_SIZE` at a time, each from its structure: first every message's
 * BODYSTRUCTURE, then, in one FETCH per shape of message, only the header and the parts a verdict
 * needs (see message-parts.ts). The caller handles one batch before the next is fetched, so memory
 * holds one batch whatever the number or size of the messages. A message the server fails on,
 * even by closing the connection, is set apart and the others are read (logging in again);
 * when the server cannot be reached again, the reading stops with ReadInterrupted.
 */
export async function* readMessages(folder: OpenFolder, uids: readonly number[]): AsyncGenerator<ReadBatch> {
  const lost = { inARow: 0 };
  for (let i = 0; i < uids.length; i += BATCH_SIZE) yield await readBatch(folder, uids.slice(i, i + BATCH_SIZE), lost);
}

async function readBatch(folder: OpenFolder, uids: number[], lost: { inARow: number }): Promise<ReadBatch> {
  try {
    const batch = await readTogether(folder, uids);
    lost.inARow = 0;
    return batch;
  } catch (error) {
    const reason = imapReason(error, folder.scrub);
    const dropped = connectionLost(folder.client);
    if (dropped) await reconnect(folder, reason, lost);
    if (uids.length === 1) return { messages: [], unread: [{ uid: uids[0]!, reason: dropped ? `the connection was lost while reading it (${reason})` : reason }] };
    // One message the server fails on fails the whole FETCH: read them one by one to find it.
    const batches: ReadBatch[] = [];
    for (const uid of uids) batches.push(await readBatch(folder, [uid], lost));
    return { messages: batches.flatMap((b) => b.messages), unread: batches.flatMap((b) => b.unread) };
  }
}

async function reconnect(folder: OpenFolder, reason: string, lost: { inARow: number }): Promise<void> {
  if (++lost.inARow > MAX_LOST_IN_A_ROW) throw new ReadInterrupted(`${reason} (${MAX_LOST_IN_A_ROW} times in a row)`);
  try {
    await folder.reconnect();
  } catch (error) {
    throw new ReadInterrupted(`${reason}; logging in again failed: ${imapReason(error, folder.scrub)}`);
  }
}

async function readTogether({ client }: OpenFolder, uids: number[]): Promise<ReadBatch> {
  const structures = new Map<number, MessageStructureObject | undefined>();
  for await (const message of client.fetch(uidSetText(uids), { uid: true, bodyStructure: true }, { uid: true })) structures.set(message.uid, message.bodyStructure);
  // UIDs the server no longer has were expunged meanwhile (by another client): nothing to read.
  const shapes = new Map<string, { query: FetchQueryObject; uids: number[] }>();
  for (const [uid, structure] of structures) {
    const parts = partsQuery(structure);
    const query: FetchQueryObject = parts === 'source' ? { uid: true, source: { maxLength: SOURCE_BYTES } } : { uid: true, bodyParts: parts };
    const key = JSON.stringify(query);
    if (!shapes.has(key)) shapes.set(key, { query, uids: [] });
    shapes.get(key)!.uids.push(uid);
  }
  const messages: ReadMessage[] = [];
  for (const { query, uids: alike } of shapes.values()) {
    for await (const message of client.fetch(uidSetText(alike), query, { uid: true })) {
      messages.push({ uid: message.uid, source: boundedSource(structures.get(message.uid), message) });
    }
  }
  const read = new Set(messages.map((m) => m.uid));
  const unread = [...structures.keys()].filter((uid) => !read.has(uid)).map((uid) => ({ uid, reason: 'the server sent nothing of it' }));
  return { messages: messages.sort((a, b) => a.uid - b.uid), unread };
}
