import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';
import { fileErrorReason } from './output-dir.js';

/** The installed watch-digest package: its templates, workflow and package.json ship with it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The templates shipped with watch-digest, used when a project has none of its own. */
export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/** The config's templatesDir (which must be a folder), else ./templates, else the bundled templates. */
export async function findTemplates(root: string, config: { templatesDir?: string | undefined }): Promise<string> {
  if (config.templatesDir) {
    const dir = path.resolve(root, config.templatesDir);
    const found = await stat(dir).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (found instanceof Error || !found.isDirectory()) {
      const why = !(found instanceof Error) ? 'is a file, not a folder' : found.code === 'ENOENT' ? 'no such folder' : `cannot be read (${fileErrorReason(found)})`;
      throw new UserError(`templatesDir "${config.templatesDir}" in the config: ${why} (${dir})`, {
        hint: 'Correct `templatesDir`, or leave it out to use ./templates (or the bundled templates); `watch-digest init` writes a copy of them.',
      });
    }
    return dir;
  }
  const local = path.join(root, 'templates');
  try {
    await access(local);
    return local;
  } catch {
    return BUNDLED_TEMPLATES;
  }
}
