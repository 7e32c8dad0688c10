import path from 'node:path';
import { UserError } from '../shared/errors.js';
import type { LoadedConfig } from './load.js';
import { CONFIG_FILE } from './schema.js';
import { exists } from '../shared/exists.js';

/**
 * A folder with no config runs on the defaults only when it holds a digests/ folder (a newsletter
 * kept without a config); anywhere else, "No items dated in …" or "no built issue" would send the
 * editor looking for the wrong thing, so say where the config is expected instead.
 */
export async function requireNewsletterFolder(loaded: LoadedConfig, cwd: string): Promise<void> {
  // A digests that is a file is still meant as the items' folder: reading it says what is wrong.
  if (loaded.file || (await exists(path.join(loaded.root, loaded.config.digestsDir)))) return;
  const nearest = await nearestConfig(path.dirname(cwd));
  const shown = nearest && path.relative(cwd, nearest);
  throw new UserError(`no ${CONFIG_FILE} here: run it in your newsletter folder, or pass --config`, {
    hint: shown
      ? `The nearest is ${shown}: cd ${path.dirname(shown)}, or pass --config ${shown}.`
      : 'To start a newsletter in this folder, run `watch-digest init` (`watch-digest init --help` shows what it asks and writes).',
  });
}

/** The config file in the closest folder above `dir`, if any. */
async function nearestConfig(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    const file = path.join(current, CONFIG_FILE);
    if (await exists(file)) return file;
    if (path.dirname(current) === current) return undefined;
  }
}
