// The layers of src/ (design.md, "Modules"): each folder imports only itself and the folders below it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/fixture.js';
import { importsOf, layerViolations, readSources } from '../../helpers/source-imports.js';

describe('the layers of src/', () => {
  const sources = readSources(path.join(PROJECT_ROOT, 'src'));

  it('has no upward import, no cycle between folders and no loose file', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(layerViolations(sources)).toEqual([]);
  });

  it('reads every kind of import, and reports an upward one, a loose file and an unknown folder', () => {
    const text = "import a from './a.js';\nimport type { B } from '../built/b.js';\nexport { c } from '../cli/c.js';\nconst d = await import('../commands/d.js');\nimport './side-effect.js';\n";
    expect(importsOf(text).sort()).toEqual(['../built/b.js', '../cli/c.js', '../commands/d.js', './a.js', './side-effect.js']);
    expect(
      layerViolations([
        { file: 'render/x.ts', text: "import { openProject } from '../commands/open-project.js';" },
        { file: 'send/y.ts', text: "import type { Issue } from '../issue/types.js';" },
        { file: 'loose.ts', text: '' },
        { file: 'misc/z.ts', text: '' },
      ]),
    ).toEqual([
      'render/x.ts -> commands/open-project.js: render/ may not import commands/, a layer above it',
      'loose.ts: a loose file at the top of src/; put it in the folder of its layer',
      'misc/z.ts: folder "misc" is not in the layer list (tests/helpers/source-imports.ts)',
    ]);
  });
});
