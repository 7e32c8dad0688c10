import { open, type FileHandle } from 'node:fs/promises';

/**
 * Opens a line-per-record file for appending, and says whether its last line was cut short (a
 * crash or a full disk mid-write): the next record must then start with a newline, or it would be
 * glued to the torn line and unreadable. Shared by the send ledger and the mailbox log.
 */
export async function openForAppending(file: string): Promise<{ handle: FileHandle; needsNewline: boolean }> {
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    if (size === 0) return { handle, needsNewline: false };
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return { handle, needsNewline: last[0] !== 0x0a };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}
