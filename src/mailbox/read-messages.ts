import type { FetchQueryObject, MessageStructureObject } from 'imapflow';
import { connectionLost, imapReason, type OpenFolder } from './imap.js';
import { boundedSource, mostBytesRead, partsQuery, SOURCE_BYTES, WHOLE_BYTES } from './message-parts.js';
import { uidSetText } from './uid-set.js';

export interface ReadMessage {
  uid: number;
  /** At most MAX_MESSAGE_BYTES: what the classifier needs, never an attachment. */
  source: Buffer;
}

export interface Unread {
  uid: number;
  reason: string;
}

export interface ReadBatch {
  messages: ReadMessage[];
  /** Messages the server would not give (they are read again by the next run). */
  unread: Unread[];
}

/** The connection dropped while reading and could not be opened again: the rest is left for the next run. */
export class ReadInterrupted extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Messages whose sizes (and structures) are asked for in one command (a few hundred bytes each). */
const LISTED_AT_ONCE = 500;
/** The most a batch of messages can hold (16 MiB), counting each at the most that is read of it. */
const BATCH_BYTES = 16 * 1024 * 1024;
/** Connections lost in a row, with nothing read in between, before the reading stops (a server that drops every session). */
const MAX_LOST_IN_A_ROW = 5;

type Lost = { inARow: number };
/** A message to read: its structure when it is too large to read whole, and the most that will be read of it. */
type Planned = { uid: number; structure: MessageStructureObject | undefined; bytes: number };

/**
 * Reads the messages in batches that hold 16 MiB at the very most. Of a few hundred messages at
 * a time, the sizes come first: a message no larger than WHOLE_BYTES is read whole; of a larger
 * one, its BODYSTRUCTURE, then only its header and the parts a verdict needs (message-parts.ts),
 * in one FETCH per shape of message. The caller handles a batch before the next but one is
 * fetched, so memory does not grow with the number or the size of the messages (`wholeBytes`
 * changes the size read whole, for tests). A message the
 * server fails on, even by closing the connection, is set apart and the others are read (logging
 * in again); when the server cannot be reached again, the reading stops with ReadInterrupted.
 * Batches come by shape, not in UID order.
 */
export async function* readMessages(folder: OpenFolder, uids: readonly number[], { wholeBytes = WHOLE_BYTES } = {}): AsyncGenerator<ReadBatch> {
  const lost: Lost = { inARow: 0 };
  for (let i = 0; i < uids.length; i += LISTED_AT_ONCE) {
    const sizes = await tolerant(folder, uids.slice(i, i + LISTED_AT_ONCE), lost, (some) => fetchItems(folder, some, 'size'));
    const large = sizes.items.filter(([, size]) => size > wholeBytes).map(([uid]) => uid);
    const structures = await tolerant(folder, large, lost, (some) => fetchItems(folder, some, 'bodyStructure'));
    const byUid = new Map(structures.items);
    const planned = sizes.items.flatMap(([uid, size]): Planned[] => (size <= wholeBytes ? [{ uid, structure: undefined, bytes: size }] : byUid.has(uid) ? [{ uid, structure: byUid.get(uid), bytes: mostBytesRead(byUid.get(uid)) }] : []));
    const unread = [...sizes.unread, ...structures.unread];
    if (unread.length) yield { messages: [], unread };
    for (const { query, uids: alike } of batchesOf(planned)) {
      const read = await tolerant(folder, alike, lost, (some) => fetchParts(folder, some, query, byUid));
      yield { messages: read.items, unread: read.unread };
    }
  }
}

async function fetchItems<K extends 'size' | 'bodyStructure'>({ client }: OpenFolder, uids: number[], item: K): Promise<Array<[number, K extends 'size' ? number : MessageStructureObject | undefined]>> {
  const found: Array<[number, never]> = [];
  if (uids.length === 0) return found;
  // UIDs the server no longer has were expunged meanwhile (by another client): nothing to read.
  for await (const message of client.fetch(uidSetText(uids), { uid: true, [item]: true }, { uid: true })) found.push([message.uid, (item === 'size' ? (message.size ?? 0) : message.bodyStructure) as never]);
  return found;
}

async function fetchParts({ client }: OpenFolder, uids: number[], query: FetchQueryObject, structures: Map<number, MessageStructureObject | undefined>): Promise<ReadMessage[]> {
  const messages: ReadMessage[] = [];
  for await (const message of client.fetch(uidSetText(uids), query, { uid: true })) messages.push({ uid: message.uid, source: boundedSource(structures.get(message.uid), message) });
  const sent = new Set(messages.map((m) => m.uid));
  const missing = uids.filter((uid) => !sent.has(uid));
  if (missing.length) throw new Error(`the server sent nothing of UID ${missing.join(', ')}`);
  return messages;
}

/** Messages of the same shape fetched together, at most BATCH_BYTES of them at a time. */
function batchesOf(planned: Planned[]): Array<{ query: FetchQueryObject; uids: number[] }> {
  const shapes = new Map<string, { query: FetchQueryObject; batches: Array<{ uids: number[]; bytes: number }> }>();
  for (const { uid, structure, bytes } of planned) {
    const parts = partsQuery(structure);
    const query: FetchQueryObject = parts === 'source' ? { uid: true, source: { maxLength: SOURCE_BYTES } } : { uid: true, bodyParts: parts };
    const key = JSON.stringify(query);
    const shape = shapes.get(key) ?? shapes.set(key, { query, batches: [] }).get(key)!;
    const last = shape.batches.at(-1);
    if (last && last.bytes + bytes <= BATCH_BYTES) {
      last.uids.push(uid);
      last.bytes += bytes;
    } else shape.batches.push({ uids: [uid], bytes });
  }
  return [...shapes.values()].flatMap(({ query, batches }) => batches.map(({ uids }) => ({ query, uids })));
}

/**
 * Runs `read` on the UIDs; when it fails, logs in again if the connection was lost, and reads
 * each half apart, down to the message the server fails on (a few steps, even in thousands).
 */
async function tolerant<T>(folder: OpenFolder, uids: number[], lost: Lost, read: (uids: number[]) => Promise<T[]>): Promise<{ items: T[]; unread: Unread[] }> {
  try {
    const items = await read(uids);
    lost.inARow = 0;
    return { items, unread: [] };
  } catch (error) {
    const reason = imapReason(error, folder.scrub);
    const dropped = connectionLost(folder.client);
    if (dropped) await reconnect(folder, reason, lost);
    if (uids.length === 1) return { items: [], unread: [{ uid: uids[0]!, reason: dropped ? `the connection was lost while reading it (${reason})` : reason }] };
    const middle = Math.ceil(uids.length / 2);
    const first = await tolerant(folder, uids.slice(0, middle), lost, read);
    const second = await tolerant(folder, uids.slice(middle), lost, read);
    return { items: [...first.items, ...second.items], unread: [...first.unread, ...second.unread] };
  }
}

async function reconnect(folder: OpenFolder, reason: string, lost: Lost): Promise<void> {
  if (++lost.inARow > MAX_LOST_IN_A_ROW) throw new ReadInterrupted(`${reason} (${MAX_LOST_IN_A_ROW} times in a row)`);
  try {
    await folder.reconnect();
  } catch (error) {
    throw new ReadInterrupted(`${reason}; logging in again failed: ${imapReason(error, folder.scrub)}`);
  }
}
