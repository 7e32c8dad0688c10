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

/**
 * Reads the messages, `BATCH_SIZE` at a time, each from its structure: first every message's
 * BODYSTRUCTURE, then, in one FETCH per shape of message, only the header and the parts a verdict
 * needs (see message-parts.ts). The caller handles one batch before the next is fetched, so memory
 * holds one batch whatever the number or size of the messages.
 */
export async function* readMessages(folder: OpenFolder, uids: readonly number[]): AsyncGenerator<ReadBatch> {
  for (let i = 0; i < uids.length; i += BATCH_SIZE) yield await readBatch(folder, uids.slice(i, i + BATCH_SIZE));
}

async function readBatch(folder: OpenFolder, uids: number[]): Promise<ReadBatch> {
  try {
    return await readTogether(folder, uids);
  } catch (error) {
    if (connectionLost(folder.client)) throw new ReadInterrupted(imapReason(error, folder.scrub));
    if (uids.length === 1) return { messages: [], unread: [{ uid: uids[0]!, reason: imapReason(error, folder.scrub) }] };
    // One message the server fails on fails the whole FETCH: read them one by one to find it.
    const batches: ReadBatch[] = [];
    for (const uid of uids) batches.push(await readBatch(folder, [uid]));
    return { messages: batches.flatMap((b) => b.messages), unread: batches.flatMap((b) => b.unread) };
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
