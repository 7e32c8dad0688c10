import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle, type CodeCacheState } from './load-bundle.js';

export type Engine = typeof import('./engine.js');

export interface LoadedEngine {
  engine: Engine;
  codeCache: CodeCacheState | 'unbundled';
  /** Call after the work: stores compiled code for the next run when this one had none. */
  saveCodeCache(): Promise<void>;
}

const BUNDLE = fileURLToPath(new URL('../engine.cjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('./engine.js', import.meta.url));
const SOURCES = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * compose and check, from dist/engine.cjs (one file, built by `npm run build`) with a V8 code cache;
 * from the separate modules when there is no bundle or, in a source checkout, when a bare `tsc`
 * left it older than them. (An installed package has no src/, and npm does not keep file times.)
 */
export async function loadEngine(env: NodeJS.ProcessEnv): Promise<LoadedEngine> {
  const mtime = (file: string) => stat(file).then((s) => s.mtimeMs, () => undefined);
  const [bundle, entry, sources] = await Promise.all([mtime(BUNDLE), mtime(ENTRY), mtime(SOURCES)]);
  if (bundle === undefined || (sources !== undefined && entry !== undefined && entry > bundle)) {
    return { engine: await import('./engine.js'), codeCache: 'unbundled', saveCodeCache: async () => {} };
  }
  const loaded = await loadBundle<Engine>(BUNDLE, codeCacheDir(env));
  return { engine: loaded.exports, codeCache: loaded.codeCache, saveCodeCache: () => loaded.saveCodeCache() };
}

/**
 * Where compiled code is cached: WATCH_DIGEST_CACHE_DIR (empty turns the cache off), else the
 * user's cache folder. Not digests/.cache/: a V8 code cache is executable code, and nothing a
 * commit can put in the repository may run as code (a CI run holds the SMTP and DKIM secrets).
 */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env.WATCH_DIGEST_CACHE_DIR;
  if (chosen !== undefined) return chosen === '' ? undefined : path.resolve(chosen);
  const base =
    (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined) ??
    (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) ??
    (homedir() ? path.join(homedir(), '.cache') : undefined);
  return base ? path.join(base, 'watch-digest') : undefined;
}
