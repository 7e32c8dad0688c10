import { execFile } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/shared/errors.js';
import { loadItems, MAX_ITEM_BYTES } from '../../../src/items/load-items.js';
import { weekContaining } from '../../../src/shared/week.js';
import { PROJECT_ROOT, fixture, item, weekOf } from '../../helpers/fixture.js';
import { thrown } from '../../helpers/thrown.js';

const run = promisify(execFile);

const W10 = weekContaining('2024-03-06', { weekStartsOn: 1, publishDay: 5 });
const W11 = weekContaining('2024-03-13', { weekStartsOn: 1, publishDay: 5 });
const BROKEN_YAML = '---\nkind: news\ndate: 2024-03-13\ntitle: a: b: c\n---\nDraft.\n';

async function load(files: Record<string, string>, week = W10, prepare?: (dir: string) => Promise<void>) {
  const dir = await fixture({ ...weekOf('2024-03-06'), ...files });
  await prepare?.(dir);
  return loadItems(path.join(dir, 'digests'), dir, { week });
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await thrown(() => promise);
  expect(error).toBeInstanceOf(UserError);
  return error;
}

describe('loadItems: a broken draft for another week', () => {
  it('is a warning naming the file when its folder names another week', async () => {
    const { items, warnings } = await load({ 'digests/2024-W11/draft.md': BROKEN_YAML });
    expect(items).toHaveLength(5);
    expect(warnings).toEqual([
      expect.stringMatching(/^digests\/2024-W11\/draft.md: skipped, not part of 2024-W10: front matter is not valid YAML: .* \(line 4\)$/),
    ]);
  });

  it('is a warning when it is in no week folder but its date line names another week', async () => {
    const { warnings } = await load({ 'digests/drafts/next.md': BROKEN_YAML });
    expect(warnings).toEqual([expect.stringMatching(/^digests\/drafts\/next.md: skipped, not part of 2024-W10: front matter is not valid YAML/)]);
  });

  it('stays an error when it might belong to the week being built', async () => {
    // Its folder is the week's own.
    expect((await failure(load({ 'digests/2024-W11/draft.md': BROKEN_YAML }, W11))).message).toMatch(/^digests\/2024-W11\/draft.md: front matter is not valid YAML/);
    // Its folder names no week and its date cannot be read.
    expect((await failure(load({ 'digests/draft.md': '---\nkind: news\ndate: [2024\n---\nx' }))).message).toMatch(/^digests\/draft.md: front matter is not valid YAML/);
    // Its date is not a real date, so it says nothing.
    expect((await failure(load({ 'digests/draft.md': '---\nkind: news\ndate: 2024-13-01\n---\nx' }))).message).toBe('digests/draft.md: date: "2024-13-01" is not a valid date');
    // Its date is in the week.
    expect((await failure(load({ 'digests/draft.md': BROKEN_YAML.replace('2024-03-13', '2024-03-07') }))).message).toMatch(/^digests\/draft.md: front matter/);
  });

  it('reads the date line and the week folder as compose does: a date-time is its day, "2023-W53" names no week', async () => {
    const nextWeekAt = BROKEN_YAML.replace('date: 2024-03-13', 'date: 2024-03-14T09:00');
    expect((await load({ 'digests/drafts/next.md': nextWeekAt })).warnings).toEqual([expect.stringMatching(/^digests\/drafts\/next.md: skipped, not part of 2024-W10/)]);
    expect((await load({ 'digests/drafts/next.md': nextWeekAt.replace('2024-03-14T09:00', '"2024-03-14 09:00" # next Thursday') })).warnings).toHaveLength(1);
    // 2023 has 52 ISO weeks, so its "W53" folder is an ordinary one, and this date is in the week being built.
    const thisWeek = BROKEN_YAML.replace('2024-03-13', '2024-03-07');
    expect((await failure(load({ 'digests/2023-W53/draft.md': thisWeek }))).message).toMatch(/^digests\/2023-W53\/draft.md: front matter is not valid YAML/);
  });

  it('is an error for every week when no week is given (as `add` and other readers do)', async () => {
    const dir = await fixture({ ...weekOf(), 'digests/2024-W11/draft.md': BROKEN_YAML });
    await expect(loadItems(path.join(dir, 'digests'), dir)).rejects.toThrow(/digests\/2024-W11\/draft.md: front matter is not valid YAML/);
  });
});

describe('loadItems: what counts as an item file', () => {
  it('reads markdown saved as .markdown or .MD, and names a document that is not read', async () => {
    const { items, warnings } = await load({
      'digests/news/three.markdown': item({ kind: 'news', date: '2024-03-06' }, 'Saved as .markdown.'),
      'digests/news/four.MD': item({ kind: 'news', date: '2024-03-06' }, 'Saved as .MD.'),
      'digests/news/five.txt': item({ kind: 'news', date: '2024-03-06' }, 'Saved as .txt.'),
      'digests/news/six': item({ kind: 'news', date: '2024-03-06' }, 'Saved with no extension.'),
      'digests/news/readme.md': item({ kind: 'news', date: '2024-03-06' }, 'Named as a README.'),
      'digests/2024-W10/README.md': '# This week\n\n---\nkind: lead\n---\nnot front matter: it does not open the file',
      'digests/2024-W09/issue.txt': 'The plain-text part of a built issue.',
      'digests/README.markdown': '# How we write items',
      'digests/photo.jpg': 'not text',
    });
    expect(items.map((i) => i.body)).toEqual(expect.arrayContaining(['Saved as .markdown.', 'Saved as .MD.']));
    expect(warnings).toEqual([
      'digests/news/five.txt: not read: items are markdown files ending in .md; if this is an item, rename it to five.md',
      'digests/news/readme.md: not read: a file named readme.md is never an item (READMEs and the inbox are skipped), though it has an item\'s front matter; if it is an item, give it another name',
      'digests/news/six: not read: items are markdown files ending in .md; if this is an item, rename it to six.md',
    ]);
  });
});

describe('loadItems: several broken files', () => {
  it('keeps each file\'s own hint, as a single broken file gives it', async () => {
    const broken = '---\nkind: lead\ndate: 2024-03-06\ntitle: Talks resume: a new round\n---\nText.\n';
    const one = await failure(load({ 'digests/a.md': broken }));
    expect(one.hint).toContain('quote values that contain ": "');
    const two = await failure(load({ 'digests/a.md': broken, 'digests/b.md': broken.replace('lead', 'news') }));
    expect(two.message).toBe('2 item files have problems:');
    expect(two.details).toEqual([
      expect.stringMatching(/^digests\/a.md: front matter is not valid YAML: .* \(line 4\)$/),
      `  hint: ${one.hint}`,
      expect.stringMatching(/^digests\/b.md: front matter is not valid YAML: .* \(line 4\)$/),
      `  hint: ${one.hint}`,
    ]);
  });
});

describe('loadItems: links under digests/', () => {
  it('does not follow links to folders (a loop, a link to ..), and names each one', async () => {
    const { items, warnings } = await load({}, W10, async (dir) => {
      await symlink('.', path.join(dir, 'digests', 'loop'));
      await symlink('..', path.join(dir, 'digests', 'news', 'up'));
      await symlink('/', path.join(dir, 'digests', 'root'));
    });
    expect(items.map((i) => i.file)).toEqual(['digests/lead.md', 'digests/news/one.md', 'digests/news/two.md', 'digests/related.md', 'digests/state.md']);
    expect(warnings).toEqual([
      'digests/loop: a symbolic link to a folder (.) is not followed; to use its items, move them into digests/ and remove the link',
      'digests/news/up: a symbolic link to a folder (..) is not followed; to use its items, move them into digests/ and remove the link',
      'digests/root: a symbolic link to a folder (/) is not followed; to use its items, move them into digests/ and remove the link',
    ]);
  });

  it('reads a link to a file once, skipping a second path to the same file', async () => {
    const { items, warnings } = await load({ 'elsewhere/note.md': item({ kind: 'state-dept', date: '2024-03-06' }, 'Linked note.') }, W10, async (dir) => {
      await symlink('../elsewhere/note.md', path.join(dir, 'digests', 'linked-note.md'));
      await symlink('lead.md', path.join(dir, 'digests', 'lead-again.md'));
    });
    expect(items.filter((i) => i.kind === 'lead')).toHaveLength(1);
    expect(items.some((i) => i.body === 'Linked note.')).toBe(true);
    expect(warnings).toEqual(['digests/lead-again.md: a link to digests/lead.md, which is read already; skipped']);
  });
});

describe('loadItems: a large digests/', () => {
  it('reads a few files at a time, so thousands of items stay within what a process may open', async () => {
    const files = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`digests/2023/n${i}.md`, item({ kind: 'news', date: '2023-03-06' }, `Bullet ${i}.`)]));
    const dir = await fixture(files);
    const loader = pathToFileURL(path.join(PROJECT_ROOT, 'dist/items/load-items.js')).href;
    const script = `const { loadItems } = await import(${JSON.stringify(loader)}); const { items } = await loadItems('digests', process.cwd()); console.log(items.length);`;
    // The built module (npm test builds first). 64 descriptors: node needs about 20 of its own, so 400 files opened at once would fail with EMFILE.
    const { stdout } = await run('/bin/bash', ['-c', 'ulimit -n 64 && exec "$0" --input-type=module -e "$1"', process.execPath, script], { cwd: dir });
    expect(stdout.trim()).toBe('400');
  });
});

describe('loadItems: files that cannot be read faithfully', () => {
  it('refuses digests/ being a file, naming it', async () => {
    const dir = await fixture({ digests: 'not a folder\n' });
    const error = await failure(loadItems(path.join(dir, 'digests'), dir, { week: W10 }));
    expect(error.message).toBe('digests: is a file, but items live in a folder of that name');
    expect(error.hint).toContain('digestsDir');
  });

  it('refuses an item that is not UTF-8, naming the file and line, instead of turning it into U+FFFD', async () => {
    const latin1 = Buffer.from('---\nkind: news\ndate: 2024-03-06\n---\nLe ministre a visité Genève.\n', 'latin1');
    const error = await failure(
      load({}, W10, async (dir) => {
        await writeFile(path.join(dir, 'digests', 'latin1.md'), latin1);
      }),
    );
    expect(error.message).toBe('digests/latin1.md: not UTF-8 text (line 5 has bytes in another encoding, such as Latin-1 or Windows-1252)');
    expect(error.hint).toContain('iconv');
  });

  it('refuses an item too big to be one, naming the file', async () => {
    const huge = item({ kind: 'news', date: '2024-03-06' }, 'word '.repeat(MAX_ITEM_BYTES / 4));
    const error = await failure(load({ 'digests/huge.md': huge }));
    expect(error.message).toBe('digests/huge.md: 1.3 MB is too big for an item (the limit is 1 MB)');
  });

  it('accepts items saved with a byte order mark', async () => {
    const { items } = await load({ 'digests/bom.md': `\uFEFF${item({ kind: 'news', date: '2024-03-06' }, 'With a BOM.')}` });
    expect(items.some((i) => i.body === 'With a BOM.')).toBe(true);
  });
});
