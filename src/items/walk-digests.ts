import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';
import { isItemFile } from './item-file-names.js';

export interface DigestEntries {
  /** Files under the folder, relative to it. */
  files: string[];
  /** Links and special files that were not followed, each named. */
  warnings: string[];
}

/**
 * Lists every file under digests/ without following links to folders: a link out of digests/
 * would read someone else's files, a link back into it reads items twice (or, in a loop,
 * forever). Links to files are read, once: a second path to the same file is skipped.
 */
export async function walkDigests(digestsDir: string, shown: (file: string) => string, skip: (name: string) => boolean = () => false): Promise<DigestEntries> {
  const files: string[] = [];
  const linkedFiles: string[] = [];
  const warnings: string[] = [];
  const pending = [''];
  for (let relative = pending.shift(); relative !== undefined; relative = pending.shift()) {
    for (const entry of await listFolder(digestsDir, relative, shown)) {
      if (skip(entry.name)) continue;
      const entryPath = path.join(relative, entry.name);
      if (entry.isDirectory()) pending.push(entryPath);
      else if (entry.isFile()) files.push(entryPath);
      else if (entry.isSymbolicLink()) {
        const absolute = path.join(digestsDir, entryPath);
        const target = await stat(absolute).catch(() => undefined);
        if (target?.isDirectory()) {
          warnings.push(`${shown(absolute)}: a symbolic link to a folder (${await readlink(absolute)}) is not followed; to use its items, move them into ${shown(digestsDir)}/ and remove the link`);
        } else linkedFiles.push(entryPath);
      } else if (isItemFile(entry.name)) warnings.push(`${shown(path.join(digestsDir, entryPath))}: not a regular file; skipped`);
    }
  }
  files.push(...(await distinctLinks(digestsDir, files, linkedFiles, shown, warnings)));
  return { files: files.sort(), warnings };
}

async function listFolder(digestsDir: string, relative: string, shown: (file: string) => string) {
  const dir = path.join(digestsDir, relative);
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && relative === '') return [];
    if (code === 'ENOTDIR' && relative === '') {
      throw new UserError(`${shown(dir)}: is a file, but items live in a folder of that name`, {
        hint: 'Move the file away, or point `digestsDir` in the config at the folder that holds your items.',
      });
    }
    throw new UserError(`${shown(dir)}: cannot read the folder (${fileErrorReason(error)})`, { hint: 'Check the permissions of the folder.' });
  }
}

/** Links to files, minus those to a file already read (dangling links are kept: reading them reports them). */
async function distinctLinks(digestsDir: string, files: string[], links: string[], shown: (file: string) => string, warnings: string[]): Promise<string[]> {
  if (links.length === 0) return [];
  const real = async (file: string) => realpath(path.join(digestsDir, file)).catch(() => undefined);
  const seen = new Map<string, string>();
  for (const file of files) seen.set((await real(file))!, file);
  const kept: string[] = [];
  for (const link of links.sort()) {
    const target = await real(link);
    const first = target === undefined ? undefined : seen.get(target);
    if (first !== undefined) {
      warnings.push(`${shown(path.join(digestsDir, link))}: a link to ${shown(path.join(digestsDir, first))}, which is read already; skipped`);
      continue;
    }
    if (target !== undefined) seen.set(target, link);
    kept.push(link);
  }
  return kept;
}
