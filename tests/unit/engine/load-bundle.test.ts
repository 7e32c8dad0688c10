import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheEntry } from '../../../src/engine/code-cache.js';
import { loadBundle } from '../../../src/engine/load-bundle.js';
import { fixture } from '../../helpers/fixture.js';

/** A small CommonJS bundle with enough functions to be worth caching. */
function bundleSource(answer: number): string {
  const helpers = Array.from({ length: 50 }, (_, i) => `function helper${i}(x) { return x + ${i} - ${i}; }`).join('\n');
  return `'use strict';\n${helpers}\nconst path = require('node:path');\nexports.answer = () => helper7(${answer});\nexports.where = () => path.basename(__filename);\n`;
}

async function project(answer = 42): Promise<{ file: string; cacheDir: string }> {
  const dir = await fixture({ 'dist/engine.cjs': bundleSource(answer) });
  return { file: path.join(dir, 'dist', 'engine.cjs'), cacheDir: path.join(dir, 'cache') };
}

type Exports = { answer(): number; where(): string };

describe('loadBundle', () => {
  it('runs a CommonJS file with its own require and __filename, then serves the next load from the code cache', async () => {
    const { file, cacheDir } = await project();
    const first = await loadBundle<Exports>(file, cacheDir);
    expect(first.codeCache).toBe('miss');
    expect(first.exports.answer()).toBe(42);
    expect(first.exports.where()).toBe('engine.cjs');
    await first.saveCodeCache();
    expect(await readdir(cacheDir)).toHaveLength(1);

    const second = await loadBundle<Exports>(file, cacheDir);
    expect(second.codeCache).toBe('hit');
    expect(second.exports.answer()).toBe(42);
  });

  it('never runs stale code: a changed bundle gets a new entry', async () => {
    const { file, cacheDir } = await project(1);
    const old = await loadBundle<Exports>(file, cacheDir);
    await old.saveCodeCache();
    await writeFile(file, bundleSource(2));
    const changed = await loadBundle<Exports>(file, cacheDir);
    expect(changed.codeCache).toBe('miss');
    expect(changed.exports.answer()).toBe(2);
  });

  it('rebuilds a damaged entry instead of trusting it', async () => {
    const { file, cacheDir } = await project();
    await (await loadBundle<Exports>(file, cacheDir)).saveCodeCache();
    const [name] = await readdir(cacheDir);
    const entryFile = path.join(cacheDir, name!);
    const bytes = await readFile(entryFile);
    bytes[bytes.length - 10]! ^= 0xff;
    await writeFile(entryFile, bytes);

    const damaged = await loadBundle<Exports>(file, cacheDir);
    expect(damaged.codeCache).toBe('miss');
    expect(damaged.exports.answer()).toBe(42);
    await damaged.saveCodeCache();
    expect((await loadBundle<Exports>(file, cacheDir)).codeCache).toBe('hit');
  });

  it('rewrites an entry that V8 refuses (intact, but compiled from other code)', async () => {
    const { file, cacheDir } = await project();
    const source = await readFile(file);
    const other = await project(7);
    await (await loadBundle<Exports>(other.file, other.cacheDir)).saveCodeCache();
    const [otherName] = await readdir(other.cacheDir);
    const foreign = await codeCacheEntry(other.cacheDir, 'engine', await readFile(other.file)).read();
    expect(otherName).toBeDefined();
    await codeCacheEntry(cacheDir, 'engine', source).write(foreign!);

    const refused = await loadBundle<Exports>(file, cacheDir);
    expect(refused.codeCache).toBe('rejected');
    expect(refused.exports.answer()).toBe(42);
    await refused.saveCodeCache();
    expect((await loadBundle<Exports>(file, cacheDir)).codeCache).toBe('hit');
  });

  it('works without a cache folder, and a cache folder it cannot write only costs speed', async () => {
    const { file, cacheDir } = await project();
    const off = await loadBundle<Exports>(file, undefined);
    expect(off.codeCache).toBe('off');
    expect(off.exports.answer()).toBe(42);
    await writeFile(cacheDir, 'a file where the cache folder should be');
    const blocked = await loadBundle<Exports>(file, cacheDir);
    expect(blocked.codeCache).toBe('miss');
    await expect(blocked.saveCodeCache()).resolves.toBeUndefined();
  });
});
