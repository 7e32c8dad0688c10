import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed watch-digest package: its templates, workflow and package.json ship with it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The templates shipped with watch-digest, used when a project has none of its own. */
export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));

/** The config's templatesDir, else ./templates, else the bundled templates. */
export async function findTemplates(root: string, config: { templatesDir?: string | undefined }): Promise<string> {
  if (config.templatesDir) return path.resolve(root, config.templatesDir);
  const local = path.join(root, 'templates');
  try {
    await access(local);
    return local;
  } catch {
    return BUNDLED_TEMPLATES;
  }
}
