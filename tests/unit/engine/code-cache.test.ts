import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheEntry } from '../../../src/engine/code-cache.js';
import { fixture } from '../../helpers/fixture.js';

const data = Buffer.from('compiled code, as far as this test is concerned');

describe('codeCacheEntry', () => {
  it('reads back what it wrote, owner-only, leaving no temporary file', async () => {
    const dir = path.join(await fixture({}), 'cache');
    const entry = codeCacheEntry(dir, 'engine', 'source text', 'node-x');
    expect(await entry.read()).toBeUndefined();
    await entry.write(data);
    expect(await entry.read()).toEqual(data);
    expect(await readdir(dir)).toEqual([path.basename(entry.file)]);
    if (process.platform !== 'win32') expect((await stat(entry.file)).mode & 0o777).toBe(0o600);
  });

  it('keys an entry by the exact source and runtime, so it never serves another build', async () => {
    const dir = await fixture({});
    const files = new Set(
      [
        codeCacheEntry(dir, 'engine', 'source text', 'node-x'),
        codeCacheEntry(dir, 'engine', 'source text.', 'node-x'),
        codeCacheEntry(dir, 'engine', 'source text', 'node-y'),
        codeCacheEntry(dir, 'engine', Buffer.from('source text'), 'node-x'),
      ].map((e) => e.file),
    );
    expect(files.size).toBe(3);
    await codeCacheEntry(dir, 'engine', 'source text', 'node-x').write(data);
    expect(await codeCacheEntry(dir, 'engine', 'source text!', 'node-x').read()).toBeUndefined();
  });

  it('treats a damaged entry as missing: flipped byte, truncation, foreign file, empty file', async () => {
    const dir = await fixture({});
    const entry = codeCacheEntry(dir, 'engine', 'source text', 'node-x');
    await entry.write(data);
    const good = await readFile(entry.file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3]! ^= 0x01;
    for (const damaged of [flipped, good.subarray(0, good.length - 1), good.subarray(0, 40), Buffer.from('not a cache at all'), Buffer.alloc(0)]) {
      await writeFile(entry.file, damaged);
      expect(await entry.read()).toBeUndefined();
    }
    await entry.write(data);
    expect(await entry.read()).toEqual(data);
  });

  it('survives writers racing on one entry: the reader gets one whole version', async () => {
    const dir = await fixture({});
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(200_000 + i, i + 1));
    await Promise.all(versions.map((v) => codeCacheEntry(dir, 'engine', 'same source', 'node-x').write(v)));
    const read = await codeCacheEntry(dir, 'engine', 'same source', 'node-x').read();
    expect(versions.some((v) => v.equals(read!))).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the newest three entries of a script, drops stale temporary files, and leaves others alone', async () => {
    const dir = await fixture({});
    const old = new Date(Date.now() - 3_600_000);
    for (let i = 0; i < 4; i++) {
      const entry = codeCacheEntry(dir, 'engine', `build ${i}`, 'node-x');
      await entry.write(data);
      await utimes(entry.file, old, new Date(old.getTime() + i * 1000));
    }
    await writeFile(path.join(dir, 'engine-abandoned.v8.1-ab.tmp'), 'half');
    await utimes(path.join(dir, 'engine-abandoned.v8.1-ab.tmp'), old, old);
    await writeFile(path.join(dir, 'other-1234.v8'), 'another script');
    const newest = codeCacheEntry(dir, 'engine', 'build 4', 'node-x');
    await newest.write(data);
    const names = await readdir(dir);
    expect(names).toHaveLength(4);
    expect(names).toContain(path.basename(newest.file));
    expect(names).toContain(path.basename(codeCacheEntry(dir, 'engine', 'build 3', 'node-x').file));
    expect(names).toContain(path.basename(codeCacheEntry(dir, 'engine', 'build 2', 'node-x').file));
    expect(names).toContain('other-1234.v8');
  });
});
