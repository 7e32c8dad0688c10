import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeChangedInputs, digestBuildInputs } from '../../src/build-inputs.js';
import { parseConfig } from '../../src/config.js';
import { fixture } from '../helpers/fixture.js';

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
