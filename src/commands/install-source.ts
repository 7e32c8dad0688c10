import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** How a newsletter made by `init` should depend on watch-digest, and what the editor should know about it. */
export interface DependencySpec {
  /** The value for package.json's `dependencies["watch-digest"]`. */
  spec: string;
  /** registry: a published version; git: a git URL with its commit; file: a tarball or folder on this machine. */
  kind: 'registry' | 'git' | 'file';
  /** Where the spec came from, for the message `init` prints. */
  origin: string;
}

interface LockEntry {
  resolved?: string;
  link?: boolean;
}

/**
 * Works out how watch-digest was installed, so the scaffold depends on the same source:
 * 1. installed as a dependency (npm install, npx): the installing project's lockfile records
 *    where it came from: the registry, a tarball, a git commit;
 * 2. otherwise it runs from a checkout or an unpacked folder: point at that folder.
 * A version range is only written for a registry install: the name may not be published
 * (or not at this version), and `npm install` would fail with E404.
 */
export async function dependencySpec(packageRoot: string, version: string): Promise<DependencySpec> {
  const fromLock = await installedFrom(packageRoot);
  if (fromLock) return fromLock(version);
  const folder = path.resolve(packageRoot);
  return { spec: fileSpec(folder), kind: 'file', origin: `the folder it runs from, ${folder}` };
}

/** A spec the editor chose (`init --dependency`), classified like npm reads it. */
export function givenSpec(spec: string): DependencySpec {
  const kind = /^(file:|\.{0,2}\/)/.test(spec) ? 'file' : /^(git\+|git:|github:)/.test(spec) ? 'git' : 'registry';
  return { spec, kind, origin: '--dependency' };
}

async function installedFrom(packageRoot: string): Promise<((version: string) => DependencySpec) | undefined> {
  const nodeModules = path.dirname(packageRoot);
  if (path.basename(nodeModules) !== 'node_modules') return undefined;
  const project = path.dirname(nodeModules);
  const key = `node_modules/${path.basename(packageRoot)}`;
  // npm keeps a copy of the lockfile inside node_modules (also for npx and global installs).
  for (const lockFile of [path.join(nodeModules, '.package-lock.json'), path.join(project, 'package-lock.json')]) {
    const entry = await readLockEntry(lockFile, key);
    const resolved = entry?.resolved;
    if (!resolved) continue;
    if (/^git\+|^git:|^github:/.test(resolved)) return () => ({ spec: resolved, kind: 'git', origin: `the git commit it was installed from` });
    if (/^https?:/.test(resolved)) return (version) => ({ spec: `^${version}`, kind: 'registry', origin: 'the npm registry' });
    const local = path.resolve(project, resolved.replace(/^file:/, ''));
    return () => ({ spec: fileSpec(local), kind: 'file', origin: `the ${entry.link ? 'folder' : 'file'} it was installed from, ${local}` });
  }
  return undefined;
}

async function readLockEntry(file: string, key: string): Promise<LockEntry | undefined> {
  try {
    const lock = JSON.parse(await readFile(file, 'utf8')) as { packages?: Record<string, LockEntry> };
    return lock.packages?.[key];
  } catch {
    return undefined;
  }
}

/** npm reads `file:` specs as paths; an absolute one works from wherever the newsletter folder is. */
function fileSpec(target: string): string {
  return `file:${pathToFileURL(target).pathname}`;
}
