import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeChangedInputs, digestBuildInputs } from '../../src/build-inputs.js';
import { buildIssue } from '../../src/compose.js';
import { parseConfig } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { currentBuildInputs } from '../../src/stale-build.js';
import { weekContaining } from '../../src/week.js';
import { fixture, weekOf } from '../helpers/fixture.js';

describe('the inputs recorded in issue.json', () => {
  it('names each item, template and the config, and says which changed', async () => {
    const root = await fixture({ 'digests/a.md': 'A', 'digests/b.md': 'B', 'templates/issue.mjml': 'T', 'templates/partials/x.mjml': 'X', 'templates/.x.mjml.swp': 'S' });
    const sources = (itemFiles: string[], config = parseConfig({})) => ({ root, itemFiles: itemFiles.map((f) => path.join(root, f)), templatesDir: path.join(root, 'templates'), config });
    const before = await digestBuildInputs(sources(['digests/a.md', 'digests/b.md']));
    expect(Object.keys(before.items)).toEqual(['digests/a.md', 'digests/b.md']);
    expect(Object.keys(before.templates)).toEqual(['templates/issue.mjml', 'templates/partials/x.mjml']);
    expect(await digestBuildInputs(sources(['digests/a.md', 'digests/b.md']))).toEqual(before);
    expect(describeChangedInputs(before, before)).toEqual([]);

    await writeFile(path.join(root, 'digests/a.md'), 'A, edited');
    await writeFile(path.join(root, 'templates/partials/x.mjml'), 'X2');
    await writeFile(path.join(root, 'digests/c.md'), 'C');
    const after = await digestBuildInputs(sources(['digests/a.md', 'digests/c.md'], parseConfig({ name: 'Renamed' })));
    expect(describeChangedInputs(before, after)).toEqual([
      'the config changed',
      'template templates/partials/x.mjml changed',
      'item digests/a.md changed',
      'item digests/c.md is new',
      'item digests/b.md is gone or no longer in the week',
    ]);
    expect(describeChangedInputs(undefined, after)).toEqual(['issue.json records no inputs (it was built by an earlier watch-digest)']);
  });
});

describe('a templates folder or input that is not there', () => {
  const config = JSON.stringify({ templatesDir: 'tempaltes' });

  it('is a user error naming `templatesDir`, in compose and in the stale-build check of check, send and preview', async () => {
    const root = await fixture({ ...weekOf(), 'watch-digest.config.json': config });
    const week = weekContaining('2024-03-06', { weekStartsOn: 1, publishDay: 5 });
    for (const attempt of [() => buildIssue({ cwd: root, week: '2024-W10' }), () => currentBuildInputs({ cwd: root, week })]) {
      const error = await attempt().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(`templatesDir "tempaltes" in the config: no such folder (${path.join(root, 'tempaltes')})`);
    }
    await writeFile(path.join(root, 'tempaltes'), 'a file');
    await expect(buildIssue({ cwd: root, week: '2024-W10' })).rejects.toThrow(/^templatesDir "tempaltes" in the config: is a file, not a folder/);
  });

  it('is a user error naming the file when an input cannot be read', async () => {
    const root = await fixture({ 'templates/issue.mjml': 'T' });
    const error = await digestBuildInputs({ root, itemFiles: [path.join(root, 'digests/gone.md')], templatesDir: path.join(root, 'templates'), config: parseConfig({}) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('digests/gone.md: cannot read it to record what the build is made from (ENOENT)');
  });
});
