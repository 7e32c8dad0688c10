import type { FileHandle } from 'node:fs/promises';
import { AddressTable } from '../audience/address-table.js';
import { openForAppending } from '../shared/append-lines.js';
import { readLines } from '../shared/read-lines.js';
import type { RequestPage, RequestStore, StoredRequest } from './store.js';

/** No record comes near this; a longer line is not one of ours and is skipped. */
const MAX_LINE = 4096;
const CHUNK = 64 * 1024;

/**
 * The requests as an append-only JSON-lines file, for `watch-digest unsubscribe-server`: one
 * line per reader (`{"key","token","at"}`), written and synced to disk before the reader is told
 * it worked. The cursor is the byte offset after the last line handed out, so a pull reads only
 * what is new. Readers already recorded are remembered as 8-byte fingerprints of their keys.
 */
export async function openFileStore(file: string): Promise<RequestStore & { close(): Promise<void> }> {
  const seen = new AddressTable();
  try {
    for await (const line of readLines(file, { maxLength: MAX_LINE })) {
      const record = line.complete ? parseRecord(line.text) : undefined;
      if (record) seen.add(record.key);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { handle, needsNewline } = await openForAppending(file);
  let torn = needsNewline;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    add(key, request) {
      const next = queue.then(async () => {
        if (!seen.add(key)) return false;
        const line = `${torn ? '\n' : ''}${JSON.stringify({ key, token: request.token, at: request.at })}\n`;
        await handle.appendFile(line);
        await handle.datasync();
        torn = false;
        return true;
      });
      queue = next.catch(() => {});
      return next;
    },
    list: (cursor, limit) => readPage(handle, cursor, limit),
    close: () => queue.then(() => handle.close()),
  };
}

/** Whole lines from the byte offset `cursor` on, at most `limit` records. */
async function readPage(handle: FileHandle, cursor: string | undefined, limit: number): Promise<RequestPage> {
  let offset = /^\d+$/.test(cursor ?? '') ? Number(cursor) : 0;
  const { size } = await handle.stat();
  if (offset > size) offset = 0; // a file replaced by a shorter one: start again (the puller is idempotent)
  const requests: StoredRequest[] = [];
  let pending = Buffer.alloc(0);
  let position = offset;
  while (requests.length < limit && position < size) {
    const chunk = Buffer.alloc(Math.min(CHUNK, size - position));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    pending = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
    let newline: number;
    while (requests.length < limit && (newline = pending.indexOf(0x0a)) !== -1) {
      const record = newline <= MAX_LINE ? parseRecord(pending.subarray(0, newline).toString('utf8')) : undefined;
      offset += newline + 1;
      pending = pending.subarray(newline + 1);
      if (record) requests.push({ token: record.token, at: record.at });
    }
    if (pending.length > MAX_LINE) {
      // Not a line of ours: skip to its end on the next read.
      offset += pending.length;
      pending = Buffer.alloc(0);
    }
  }
  return { requests, cursor: String(offset), more: requests.length === limit && offset < size };
}

function parseRecord(text: string): { key: string; token: string; at: string } | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return typeof value.key === 'string' && typeof value.token === 'string' && typeof value.at === 'string' ? { key: value.key, token: value.token, at: value.at } : undefined;
  } catch {
    return undefined;
  }
}
