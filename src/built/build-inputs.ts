import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { compareCodePoints } from '../shared/compare-code-points.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';
import { PACKAGE_ROOT } from '../shared/paths.js';

/**
 * A digest of everything a build was made from (design.md, "Built issue"): the week's item
 * files, the pages behind its URL-only items, every file of the templates, the part of the
 * config the built files show, and the watch-digest version. Recorded in issue.json, so `check`
 * and `send` can tell that an input changed since compose.
 */
export interface BuildInputs {
  /** sha256 over everything below. */
  sha256: string;
  /** The watch-digest that built it: an upgrade may change the output. Absent from builds before 0.1.0's. */
  version?: string;
  /** sha256 of the parsed config (defaults included) minus the fields the built files never show (CONFIG_OUTSIDE_BUILD). */
  config: string;
  /** Each template file (path relative to the project) and its sha256. */
  templates: Record<string, string>;
  /** Each of the week's item files (path relative to the project) and its sha256. */
  items: Record<string, string>;
  /** The page behind each URL-only item (by its URL) and its sha256, as compose read it. Absent from builds before 0.1.0's. */
  pages?: Record<string, string>;
}

export interface InputSources {
  /** The project root (the config's folder): paths are recorded relative to it. */
  root: string;
  itemFiles: readonly string[];
  templatesDir: string;
  config: Config;
  /** URL -> sha256 of the page each URL-only item was filled from (see pageDigest). */
  pages?: Record<string, string>;
}

/**
 * Config fields the built files never show: only send, gather, mailbox and check read them, so
 * editing them leaves a build current. Listed by exclusion, so a field added later counts as
 * an input until it is known not to be one.
 */
export const CONFIG_OUTSIDE_BUILD = [
  'from',
  'replyTo',
  'bounce',
  'feedbackId',
  'mailbox',
  'subscribers',
  'suppressionFile',
  'scrape',
  'warningsAsErrors',
  'sources',
  'filters',
  'unsubscribe.mailto',
  // The built files hold the greeting's placeholder (and the nameless greeting as its sample); send fills in names.
  'greeting.withName',
] as const;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** How a page behind a URL-only item is recorded. */
export const pageDigest = (html: string): string => sha256(html);

export async function digestBuildInputs(sources: InputSources): Promise<BuildInputs> {
  const name = (file: string) => path.relative(sources.root, file).split(path.sep).join('/');
  const digestFile = async (file: string) => [name(file), sha256(await readInput(file, name(file)))] as const;
  const digestFiles = async (files: readonly string[]) => Object.fromEntries((await Promise.all(files.map(digestFile))).sort(([a], [b]) => compareCodePoints(a, b)));
  // The template list first: a promise left waiting while it is read could fail unheard.
  const templateList = await templateFiles(sources.templatesDir, name(sources.templatesDir) || '.');
  const [items, templates, version] = await Promise.all([digestFiles(sources.itemFiles), digestFiles(templateList), packageVersion()]);
  const config = sha256(JSON.stringify(configAsBuilt(sources.config)));
  const pages = Object.fromEntries(Object.entries(sources.pages ?? {}).sort(([a], [b]) => compareCodePoints(a, b)));
  return { sha256: sha256(JSON.stringify({ version, config, templates, items, pages })), version, config, templates, items, pages };
}

/** The config without the fields listed in CONFIG_OUTSIDE_BUILD. */
export function configAsBuilt(config: Config): unknown {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const field of CONFIG_OUTSIDE_BUILD) {
    const [head, tail] = field.split('.') as [string, string | undefined];
    const value = copy[head];
    if (tail === undefined) delete copy[head];
    else if (value && typeof value === 'object') delete (value as Record<string, unknown>)[tail];
  }
  return copy;
}

let version: Promise<string> | undefined;
function packageVersion(): Promise<string> {
  version ??= readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8').then((text) => (JSON.parse(text) as { version: string }).version);
  return version;
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
async function templateFiles(dir: string, shown: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new UserError(`${shown}: cannot read the templates folder (${fileErrorReason(error)})`, {
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
  if (recorded.version !== current.version) changes.push(`it was built by watch-digest ${recorded.version ?? 'before 0.1.0'}, and this is ${current.version}`);
  if (recorded.config !== current.config) changes.push('the config changed');
  for (const [kind, before, now] of [
    ['template', recorded.templates, current.templates],
    ['item', recorded.items, current.items],
    ['page', recorded.pages ?? {}, current.pages ?? {}],
  ] as const) {
    for (const [file, hash] of Object.entries(now)) {
      if (!(file in before)) changes.push(`${kind} ${file} is new`);
      else if (before[file] !== hash) changes.push(`${kind} ${file} changed`);
    }
    for (const file of Object.keys(before)) if (!(file in now)) changes.push(`${kind} ${file} ${GONE[kind]}`);
  }
  return changes.length ? changes : ['its inputs changed'];
}

const GONE = { template: 'is gone', item: 'is gone or no longer in the week', page: 'is no longer used' } as const;
