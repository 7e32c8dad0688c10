import { hostname } from 'node:os';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * An exclusive lock file next to the ledger, so two sends of one week never run at once. A lock
 * left by a process that no longer exists on this machine is stale and taken over.
 */
export async function acquireLock(file: string, shownFile: string): Promise<() => Promise<void>> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify(owner) + '\n', { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readOwner(file);
    if (holder && isAlive(holder)) {
      throw new UserError(`${shownFile}: another send of this week is running (pid ${holder.pid} on ${holder.host}, since ${holder.since})`, {
        hint: 'Wait for it to finish. If it is not running any more, delete the lock file and run send again.',
      });
    }
    await rm(file, { force: true });
  }
  throw new UserError(`${shownFile}: could not take the send lock`, { hint: 'Another send may have started at the same moment; try again.' });
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another machine cannot be checked: treat it as held.
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
