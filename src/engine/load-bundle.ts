import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { codeCacheEntry } from './code-cache.js';

/** How the code cache served a load: V8 took it, there was none (or a damaged one), V8 refused it, or no cache folder. */
export type CodeCacheState = 'hit' | 'miss' | 'rejected' | 'off';

export interface LoadedBundle<T> {
  exports: T;
  codeCache: CodeCacheState;
  /**
   * Writes the code cache after a miss or a refusal. Call it once the work is done: V8 then
   * includes the functions that ran, not only the top level. Never throws: the cache only buys speed.
   */
  saveCodeCache(): Promise<void>;
}

/**
 * Runs a CommonJS file (the engine bundle) as `require` would, but compiled through vm.Script so
 * that V8 can take its compiled code from `cacheDir` (Node 20 offers no code cache for modules).
 */
export async function loadBundle<T>(file: string, cacheDir: string | undefined): Promise<LoadedBundle<T>> {
  const bytes = await readFile(file);
  const entry = cacheDir ? codeCacheEntry(cacheDir, path.basename(file, path.extname(file)), bytes) : undefined;
  const source = bytes.toString('utf8');
  const cachedData = await entry?.read();
  // The same wrapper as Node's own CommonJS loader, kept on the first line so stack traces line up.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  const codeCache: CodeCacheState = !entry ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  return {
    exports: module.exports as T,
    codeCache,
    async saveCodeCache() {
      if (!entry || codeCache === 'hit') return;
      try {
        await entry.write(script.createCachedData());
      } catch {
        // A read-only or full disk costs the next run its speed, nothing else.
      }
    },
  };
}
