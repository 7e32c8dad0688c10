import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from './fixture.js';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

/**
 * Tests reach no registry, so a project that depends on the watch-digest tarball is installed
 * with `npm ci --offline` from a lockfile written here: watch-digest itself from the tarball,
 * and its runtime dependencies at the exact versions and integrities of this repository's own
 * lockfile, which `npm ci` has already put in npm's cache. Development dependencies are left
 * out, as they are for anyone who installs the package.
 */
export async function writeOfflineLock(projectDir: string, tarball: string): Promise<void> {
  const project = JSON.parse(await readFile(path.join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const self = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const ours = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const integrity = `sha512-${createHash('sha512').update(await readFile(tarball)).digest('base64')}`;
  const dependency = (project.dependencies as Record<string, string>)['watch-digest']!;

  const packages: Record<string, LockEntry> = {
    '': { name: project.name, dependencies: project.dependencies },
    'node_modules/watch-digest': {
      version: self.version as string,
      resolved: dependency,
      integrity,
      license: self.license,
      dependencies: self.dependencies,
      bin: self.bin,
      engines: self.engines,
    },
  };
  for (const [key, entry] of Object.entries(ours.packages)) {
    if (key === '' || entry.dev) continue;
    const { devOptional: _drop, ...runtime } = entry;
    // Lockfiles written with omit-lockfile-registry-resolved name no tarball; given one, npm takes
    // it from its cache by integrity instead of asking the registry for the package's versions.
    if (!runtime.resolved && !runtime.link && runtime.version) runtime.resolved = registryTarball(key, runtime.version);
    packages[key] = runtime;
  }
  const lock = { name: project.name, lockfileVersion: 3, requires: true, packages };
  await writeFile(path.join(projectDir, 'package-lock.json'), JSON.stringify(lock, null, 2) + '\n');
}

function registryTarball(key: string, version: string): string {
  const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `https://registry.npmjs.org/${name}/-/${name.split('/').at(-1)}-${version}.tgz`;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command, resolving with its exit code and output (never rejecting). */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
