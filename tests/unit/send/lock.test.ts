import { hostname } from 'node:os';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../../src/send/lock.js';
import { fixture } from '../../helpers/fixture.js';

const DEAD_PID = 2 ** 22 + 12345;

describe('acquireLock', () => {
  it('never removes a lock it cannot read: it may be one being written this instant', async () => {
    const dir = await fixture({ 'sends.lock': '' });
    await expect(acquireLock(path.join(dir, 'sends.lock'), 'sends.lock')).rejects.toThrow(/a lock file that is not watch-digest's/);
    expect(await readFile(path.join(dir, 'sends.lock'), 'utf8')).toBe('');
  });

  it('refuses while a live process holds it, and is free again after release', async () => {
    const dir = await fixture({});
    const file = path.join(dir, 'sends.lock');
    const lock = await acquireLock(file, 'sends.lock');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await expect(acquireLock(file, 'sends.lock')).rejects.toThrow(`sends.lock: another send of this week is running (pid ${process.pid}`);
    await lock.verify();
    await lock.release();
    await (await acquireLock(file, 'sends.lock')).release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('lets exactly one of several racing processes take over a stale lock, and deletes no live one', async () => {
    for (let round = 0; round < 40; round++) {
      const dir = await fixture({ 'sends.lock': JSON.stringify({ pid: DEAD_PID, host: hostname(), since: '2024-01-01' }) });
      const file = path.join(dir, 'sends.lock');
      const results = await Promise.allSettled([1, 2, 3].map(() => acquireLock(file, 'sends.lock')));
      const winners = results.filter((r) => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      // The winner's lock is the one on disk.
      await (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value.verify();
      expect((await readdir(dir)).sort()).toEqual(['sends.lock']);
    }
  });

  it('notices when its lock was taken over', async () => {
    const dir = await fixture({});
    const file = path.join(dir, 'sends.lock');
    const lock = await acquireLock(file, 'sends.lock');
    await writeFile(file, JSON.stringify({ pid: 1, host: hostname(), since: 'later', token: 'other' }));
    await expect(lock.verify()).rejects.toThrow('sends.lock: the send lock was removed or taken over');
  });
});
