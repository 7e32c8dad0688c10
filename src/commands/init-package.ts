import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { explainFileError } from '../shared/output-dir.js';

/** What `init` did to a package.json that was there already (e.g. the one `npm install <tarball>` wrote). */
export interface PackageMerge {
  /** The fields init added, as `name`, `scripts.compose`, `overrides.nopt`. */
  added: string[];
  /** Fields that had another value, kept as they were. */
  kept: string[];
  /** The dependency on watch-digest the file now holds (the one it had, if any). */
  dependency: string;
  /** Why nothing was merged (the file is not a JSON object): it is kept as it was. */
  refused?: string;
}

type Json = Record<string, unknown>;

/** The package.json of a new newsletter: it runs watch-digest, and installs cleanly on Node 20. */
export function initPackageFields(name: string, dependency: string, overrides: Json | undefined): Json {
  return {
    name,
    private: true,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: { compose: 'watch-digest compose --week', check: 'watch-digest check', preview: 'watch-digest preview', send: 'watch-digest send' },
    dependencies: { 'watch-digest': dependency },
    // Pins of watch-digest's own dependencies that keep `npm install` clean on Node 20 (see its README).
    ...(overrides ? { overrides } : {}),
  };
}

/**
 * Adds to an existing package.json what init writes in an empty folder (name, private, type,
 * engines, scripts, the watch-digest dependency, overrides), field by field: nothing it holds is
 * changed, and what was added and kept is reported. Undefined when there is no package.json.
 */
export async function mergeInitPackage(dir: string, wanted: Json): Promise<PackageMerge | undefined> {
  const file = path.join(dir, 'package.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const wantedSpec = ((wanted.dependencies as Json | undefined)?.['watch-digest'] as string | undefined) ?? '';
  let existing: unknown;
  try {
    existing = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    existing = undefined;
  }
  if (!existing || typeof existing !== 'object' || Array.isArray(existing)) {
    return { added: [], kept: [], dependency: wantedSpec, refused: 'it is not a JSON object' };
  }
  const merged = { ...(existing as Json) };
  const added: string[] = [];
  const kept: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    if (!(key in merged)) {
      merged[key] = value;
      added.push(key);
    } else if (isObject(value) && isObject(merged[key])) {
      const inner = { ...(merged[key] as Json) };
      for (const [name, item] of Object.entries(value)) {
        if (!(name in inner)) {
          inner[name] = item;
          added.push(`${key}.${name}`);
        } else if (JSON.stringify(inner[name]) !== JSON.stringify(item)) kept.push(`${key}.${name}`);
      }
      merged[key] = inner;
    } else if (JSON.stringify(merged[key]) !== JSON.stringify(value)) kept.push(key);
  }
  if (added.length > 0) {
    const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
    await explainFileError(file, 'add the fields init writes', () => writeFile(file, JSON.stringify(merged, null, indent) + '\n'));
  }
  const dependency = ((merged.dependencies as Json | undefined)?.['watch-digest'] as string | undefined) ?? wantedSpec;
  return { added, kept, dependency };
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
