import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.js';
import { UserError } from './errors.js';
import { fileErrorReason } from './output-dir.js';

/**
 * A digest of everything a build was made from (design.md, "Built issue"): the week's item
 * files, every file of the templates, and the config as parsed. Recorded in issue.json, so
 * `check` and `send` can tell that an item, a template or the config changed since compose.
 */
export interface BuildInputs {
  /** sha256 over everything below. */
  sha256: string;
  /** sha256 of the parsed config (defaults included), so reformatting the file changes nothing. */
  config: string;
  /** Each template file (path relative to the project) and its sha256. */
  templates: Record<string, string>;
  /** Each of the week's item files (path relative to the project) and its sha256. */
  items: Record<string, string>;
}

export interface InputSources {
  /** The project root (the config's folder): paths are recorded relative to it. */
  root: string;
  itemFiles: readonly string[];
  templatesDir: string;
  config: Config;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export async function digestBuildInputs(sources: InputSources): Promise<BuildInputs> {
  const name = (file: string) => path.relative(sources.root, file).split(path.sep).join('/');
  const digestFile = async (file: string) => [name(file), sha256(await readInput(file, name(file)))] as const;
  const digestFiles = async (files: readonly string[]) => Object.fromEntries((await Promise.all(files.map(digestFile))).sort(([a], [b]) => a.localeCompare(b)));
  // The template list first: a promise left waiting while it is read could fail unheard.
  const templateList = await templateFiles(sources.templatesDir);
  const [items, templates] = await Promise.all([digestFiles(sources.itemFiles), digestFiles(templateList)]);
  const config = sha256(JSON.stringify(sources.config));
  return { sha256: sha256(JSON.stringify({ config, templates, items })), config, templates, items };
}

async function readInput(file: string, shown: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UserError(`${shown}: cannot read it to record what the build is made from (${fileErrorReason(error)})`, {
      hint: 'Check that the file is still there and readable, then run the command again.',
    });
  }
}

/** Every file under the templates folder but hidden ones (editor swap files and the like). */
async function templateFiles(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new UserError(`${dir}: cannot read the templates folder (${fileErrorReason(error)})`, {
      hint: 'Check `templatesDir` in the config, and that the folder is readable.',
    });
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).some((part) => part.startsWith('.')));
}

/** What changed between the inputs a build recorded and the current ones; empty when it is current. */
export function describeChangedInputs(recorded: BuildInputs | undefined, current: BuildInputs): string[] {
  if (!recorded) return ['issue.json records no inputs (it was built by an earlier watch-digest)'];
  if (recorded.sha256 === current.sha256) return [];
  const changes: string[] = [];
  if (recorded.config !== current.config) changes.push('the config changed');
  for (const [kind, before, now] of [
    ['template', recorded.templates, current.templates],
    ['item', recorded.items, current.items],
  ] as const) {
    for (const [file, hash] of Object.entries(now)) {
      if (!(file in before)) changes.push(`${kind} ${file} is new`);
      else if (before[file] !== hash) changes.push(`${kind} ${file} changed`);
    }
    for (const file of Object.keys(before)) if (!(file in now)) changes.push(`${kind} ${file} is gone${kind === 'item' ? ' or no longer in the week' : ''}`);
  }
  return changes.length ? changes : ['its inputs changed'];
}
