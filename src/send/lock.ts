import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  /** Tells this lock from a later one of the same process id. */
  token: string;
}

export interface Lock {
  /** Fails when the lock file is no longer this process's (removed or taken over meanwhile). */
  verify(): Promise<void>;
  release(): Promise<void>;
}

/**
 * An exclusive lock file, so two sends of one week never run at once on this machine. The file
 * appears complete or not at all (written aside, then hard-linked into place), so a reader never
 * sees a half-written lock, and one it cannot read is never removed. A lock whose process no
 * longer exists on this machine is stale: it is removed under a takeover lock, and only if it is
 * still the dead owner's, so a lock that a racing process has just taken is never deleted.
 */
export async function acquireLock(file: string, shownFile: string): Promise<Lock> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const content = JSON.stringify(owner) + '\n';
  const staged = `${file}.${owner.token}.tmp`;
  await writeFile(staged, content).catch((error) => {
    throw lockError(shownFile, error);
  });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await link(staged, file);
        return {
          verify: async () => {
            if ((await readOwner(file))?.token !== owner.token) {
              throw new UserError(`${shownFile}: the send lock was removed or taken over while this send prepared; stopping before sending`, {
                hint: 'Another send of this week may be running. Check, then run send again.',
              });
            }
          },
          release: async () => {
            if ((await readOwner(file))?.token === owner.token) await rm(file, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(shownFile, error);
      }
      const holder = await readOwner(file);
      if (!holder) continue; // gone meanwhile: try again
      if (holder.pid <= 0) {
        throw new UserError(`${shownFile}: a lock file that is not watch-digest's (or is damaged) is in the way`, {
          hint: 'If no send of this week is running, delete the lock file and run send again.',
        });
      }
      if (isAlive(holder)) {
        throw new UserError(`${shownFile}: another send of this week is running (pid ${holder.pid} on ${holder.host}, since ${holder.since})`, {
          hint: 'Wait for it to finish. If it is not running any more, delete the lock file and run send again.',
        });
      }
      await removeIfStill(file, holder, staged);
    }
    throw new UserError(`${shownFile}: could not take the send lock`, { hint: 'Another send may have started at the same moment; try again.' });
  } finally {
    await rm(staged, { force: true });
  }
}

/**
 * Removes the lock only if it is still `stale`. Removal happens under a short-lived takeover lock
 * (itself created by link, so complete or absent): only one process at a time checks and
 * removes, and nobody else ever removes anything, so a lock taken meanwhile is never deleted.
 */
async function removeIfStill(file: string, stale: LockOwner, staged: string): Promise<void> {
  const takeover = `${file}.takeover`;
  try {
    await link(staged, takeover);
  } catch {
    // Another process is taking over; a takeover lock left by a crash is cleared once its owner is gone.
    const holder = await readOwner(takeover);
    if (holder && holder.pid > 0 && !isAlive(holder)) await rm(takeover, { force: true });
    await sleep(20 + Math.random() * 30);
    return;
  }
  try {
    const current = await readOwner(file);
    if (current && sameOwner(current, stale)) await rm(file, { force: true });
  } finally {
    await rm(takeover, { force: true });
  }
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.host === b.host && a.since === b.since && a.token === b.token;
}

/** The lock's owner; an unreadable or unparsable lock (hand-made, another version) counts as held. */
async function readOwner(file: string): Promise<LockOwner | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner> | null;
    if (owner && typeof owner.pid === 'number' && typeof owner.host === 'string') return { since: '?', token: '', ...owner } as LockOwner;
  } catch {
    // fall through
  }
  return { pid: 0, host: 'unknown', since: 'unknown', token: '' };
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another machine, or one that cannot be read, cannot be checked: treat it as held.
  if (owner.host !== hostname() || owner.pid <= 0) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockError(shownFile: string, error: unknown): UserError {
  return new UserError(`${shownFile}: cannot create the send lock (${fileErrorReason(error)})`, {
    hint: 'Check that the folder is writable and the disk has space.',
  });
}
