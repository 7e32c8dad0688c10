// dist/engine.cjs (npm run build) renders exactly what mjml itself renders: same HTML bytes, same
// validation errors. It is loaded from a copy outside the project, where the complete mjml cannot
// be found, so these renders prove the bundle alone (not its fallback to node_modules).
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/load-engine.js';
import { loadBundle } from '../../../src/engine/load-bundle.js';
import { compose } from '../../../src/commands/compose.js';
import { PROJECT_ROOT, fixture } from '../../helpers/fixture.js';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'mjml');
const mjml2html = createRequire(import.meta.url)('mjml') as (source: string, options: object) => Promise<{ html: string }>;

/** mj-carousel and mj-navbar draw random ids; number them in order of appearance so two renders compare. */
function withStableIds(html: string): string {
  const ids = new Map<string, string>();
  return html.replace(/\b[0-9a-f]{16}\b/g, (id) => ids.get(id) ?? (ids.set(id, `id${ids.size}`), `id${ids.size - 1}`));
}

async function renderWithMjml(source: string): Promise<unknown> {
  try {
    const { html } = await mjml2html(source, { validationLevel: 'strict', keepComments: false, ignoreIncludes: true });
    return { ok: true, html: withStableIds(html) };
  } catch (error) {
    const problems = (error as { errors: Array<{ line: number; tagName: string; message: string }> }).errors;
    return { ok: false, problems: problems.map(({ line, tagName, message }) => ({ line, tagName, message })) };
  }
}

let engine: Engine;
beforeAll(async () => {
  // Laid out as in the package (the version recorded in issue.json comes from its package.json), without node_modules.
  const copy = await fixture({}, { keep: 'file' });
  const alone = path.join(copy, 'dist', 'engine.cjs');
  await mkdir(path.dirname(alone));
  await copyFile(path.join(PROJECT_ROOT, 'package.json'), path.join(copy, 'package.json'));
  await copyFile(path.join(PROJECT_ROOT, 'dist', 'engine.cjs'), alone).catch(() => {
    throw new Error('dist/engine.cjs is missing: run `npm run build` first');
  });
  engine = (await loadBundle<Engine>(alone, undefined)).exports;
});

describe('the engine bundle', () => {
  it.each(['every-component.mjml', 'invalid.mjml'])('renders %s exactly as mjml does', async (name) => {
    const source = await readFile(path.join(FIXTURES, name), 'utf8');
    const bundled = await engine.renderMjml(source);
    const stable = bundled.ok ? { ...bundled, html: withStableIds(bundled.html) } : bundled;
    expect(stable).toEqual(await renderWithMjml(source));
  });

  it('composes the sample week into the same four files, byte for byte, as the unbundled modules', async () => {
    const [bundledOut, unbundledOut] = [await fixture({}), await fixture({})];
    const options = { cwd: PROJECT_ROOT, week: '2023-W52' };
    await engine.compose({ ...options, out: bundledOut });
    await compose({ ...options, out: unbundledOut });
    for (const file of ['issue.html', 'issue.txt', 'issue.mjml', 'issue.json']) {
      expect(await readFile(path.join(bundledOut, file), 'utf8'), file).toBe(await readFile(path.join(unbundledOut, file), 'utf8'));
    }
  });
});
