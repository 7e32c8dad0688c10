import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencySpec, givenSpec } from '../../../src/commands/install-source.js';
import { fixture } from '../../helpers/fixture.js';

/** A project with watch-digest installed in node_modules, its hidden lockfile recording `resolved`. */
async function installedAs(resolved: string, extra: object = {}): Promise<{ project: string; packageRoot: string }> {
  const project = await fixture({});
  const packageRoot = path.join(project, 'node_modules', 'watch-digest');
  await mkdir(packageRoot, { recursive: true });
  const lock = { lockfileVersion: 3, packages: { 'node_modules/watch-digest': { version: '0.3.1', resolved, ...extra } } };
  await writeFile(path.join(project, 'node_modules', '.package-lock.json'), JSON.stringify(lock));
  return { project, packageRoot };
}

describe('dependencySpec', () => {
  it('uses a version range only for a registry install', async () => {
    const { packageRoot } = await installedAs('https://registry.npmjs.org/watch-digest/-/watch-digest-0.3.1.tgz');
    expect(await dependencySpec(packageRoot, '0.3.1')).toMatchObject({ spec: '^0.3.1', kind: 'registry' });
  });

  it('points at the tarball it was installed from, as an absolute path', async () => {
    const { project, packageRoot } = await installedAs('file:../dl/watch-digest-0.3.1.tgz');
    const expected = `file:${path.resolve(project, '../dl/watch-digest-0.3.1.tgz')}`;
    expect(await dependencySpec(packageRoot, '0.3.1')).toMatchObject({ spec: expected, kind: 'file' });
  });

  it('keeps the git URL and commit it was installed from', async () => {
    const url = 'git+ssh://git@github.com/example/watch-digest.git#0123456789abcdef0123456789abcdef01234567';
    const { packageRoot } = await installedAs(url);
    expect(await dependencySpec(packageRoot, '0.3.1')).toMatchObject({ spec: url, kind: 'git' });
  });

  it('points at the folder itself when it runs from a checkout', async () => {
    const checkout = await fixture({ 'package.json': '{}' });
    expect(await dependencySpec(checkout + path.sep, '0.3.1')).toMatchObject({ spec: `file:${checkout}`, kind: 'file' });
  });

  it('classifies a spec given with --dependency', () => {
    expect(givenSpec('^1.2.0').kind).toBe('registry');
    expect(givenSpec('file:../watch-digest').kind).toBe('file');
    expect(givenSpec('../watch-digest').kind).toBe('file');
    expect(givenSpec('github:example/watch-digest#v1').kind).toBe('git');
  });
});
