import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * V8 code caches on disk: the compiled code of a script, so that the next process skips parsing
 * and compiling it. An entry's name holds a hash of the exact source and of the Node build and
 * flags that made it, so it is never used for anything else; its content carries a checksum, so
 * a damaged entry is a miss (and gets rewritten), never handed to V8.
 */
export interface CodeCacheEntry {
  readonly file: string;
  /** The cached data, or undefined when there is none or it fails its checksum. */
  read(): Promise<Buffer | undefined>;
  /** Replaces the entry atomically: a reader sees the old one or the new one, never half of it. */
  write(data: Buffer): Promise<void>;
}

const MAGIC = Buffer.from('WDV8CC01');
const CHECKSUM_BYTES = 32;
/** Entries of one script kept per folder: older Node versions' and older builds' are removed. */
const KEEP = 3;
/** Temporary files older than this were left by a process that died while writing. */
const STALE_TEMP_MS = 10 * 60_000;

/** The Node build and flags a code cache depends on (V8 refuses a cache made under others; this keeps them apart). */
export function runtimeId(): string {
  return [process.execPath, process.version, process.platform, process.arch, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
}

export function codeCacheEntry(dir: string, name: string, source: string | Buffer, runtime = runtimeId()): CodeCacheEntry {
  const key = createHash('sha256').update(source).update('\0').update(runtime).digest('hex').slice(0, 32);
  const file = path.join(dir, `${name}-${key}.v8`);
  return {
    file,
    async read() {
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch {
        return undefined;
      }
      const header = MAGIC.length + CHECKSUM_BYTES;
      if (content.length <= header || !content.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
      const data = content.subarray(header);
      return sha256(data).equals(content.subarray(MAGIC.length, header)) ? data : undefined;
    },
    async write(data) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, Buffer.concat([MAGIC, sha256(data), data]), { mode: 0o600 });
        await rename(temp, file);
      } finally {
        await rm(temp, { force: true });
      }
      await prune(dir, name, file);
    },
  };
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Removes all but the newest entries of `name`, and temporary files that writers left behind. */
async function prune(dir: string, name: string, keep: string): Promise<void> {
  const now = Date.now();
  const files = await Promise.all(
    (await readdir(dir))
      .filter((entry) => entry.startsWith(`${name}-`))
      .map(async (entry) => {
        const file = path.join(dir, entry);
        const mtime = await stat(file).then((s) => s.mtimeMs, () => now);
        return { file, mtime };
      }),
  );
  const entries = files.filter((f) => f.file.endsWith('.v8') && f.file !== keep).sort((a, b) => b.mtime - a.mtime);
  const doomed = [
    ...entries.slice(KEEP - 1),
    ...files.filter((f) => f.file.endsWith('.tmp') && now - f.mtime > STALE_TEMP_MS),
  ];
  await Promise.all(doomed.map((f) => rm(f.file, { force: true })));
}
