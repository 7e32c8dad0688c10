import { execFile } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Makes `dir` refuse new files while `body` runs: by its mode for a user, by the immutable
 * attribute for root (who ignores modes; needs a file system with attributes, such as ext4).
 */
export async function whileUnwritable<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const root = process.getuid?.() === 0;
  if (root) await run('chattr', ['+i', dir]);
  else await chmod(dir, 0o555);
  try {
    return await body();
  } finally {
    if (root) await run('chattr', ['-i', dir]);
    else await chmod(dir, 0o755);
  }
}
