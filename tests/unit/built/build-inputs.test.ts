import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_OUTSIDE_BUILD, describeChangedInputs, digestBuildInputs } from '../../../src/built/build-inputs.js';
import { buildIssue, compose } from '../../../src/commands/compose.js';
import { openProject } from '../../../src/commands/open-project.js';
import { parseConfig } from '../../../src/config/load.js';
import { UserError } from '../../../src/shared/errors.js';
import { assembleIssue } from '../../../src/issue/assemble.js';
import { parseItem } from '../../../src/items/parse-item.js';
import { fetchPage } from '../../../src/web/fetch-page.js';
import { cachedFetch } from '../../../src/web/page-cache.js';
import { BUNDLED_TEMPLATES } from '../../../src/shared/paths.js';
import { renderIssue } from '../../../src/render/render-issue.js';
import { currentBuildInputs, staleBuildChanges } from '../../../src/built/stale-build.js';
import { weekContaining } from '../../../src/shared/week.js';
import { PROJECT_ROOT, fixture, item, weekOf } from '../../helpers/fixture.js';
import { startHttpServer } from '../../helpers/http.js';

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
    for (const attempt of [() => buildIssue({ cwd: root, week: '2024-W10' }), async () => currentBuildInputs(await openProject({ cwd: root }), week)]) {
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

describe('what counts as an input', () => {
  const week = weekContaining('2024-03-06', { weekStartsOn: 1, publishDay: 5 });
  const everyOutsideField = {
    from: { name: 'Desk', address: 'desk@example.net' },
    replyTo: 'letters@example.net',
    bounce: { address: 'bounces@example.net', verp: true },
    feedbackId: '{week}:digest:example',
    mailbox: { folder: 'Bounces', afterProcessing: 'flag', softBounceLimit: 5, log: 'log.jsonl' },
    subscribers: 'list.csv',
    suppressionFile: 'suppressed.csv',
    scrape: { timeoutSeconds: 3, maxMegabytes: 1 },
    warningsAsErrors: true,
    sources: [{ outlet: 'Wire', url: 'https://wire.example/feed' }],
    filters: { exclude: ['football'] },
    unsubscribe: { url: 'https://example.org/u?t={token}', mailto: 'leave@example.org' },
    greeting: { withName: 'Hello {name}!', withoutName: 'Dear reader,' },
  };
  const base = { name: 'Diplomacy Watch', postalAddress: '1 Example Way', unsubscribe: { url: 'https://example.org/u?t={token}' }, greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' } };

  it('leaves out the config fields the built files never show, and they truly change no byte of the build', async () => {
    const root = await fixture({ ...weekOf(), 'templates/issue.mjml': 'T' });
    const digest = (config: object) => digestBuildInputs({ root, itemFiles: [path.join(root, 'digests/lead.md')], templatesDir: path.join(root, 'templates'), config: parseConfig(config) });
    const before = await digest(base);
    expect(CONFIG_OUTSIDE_BUILD.every((field) => Object.keys(everyOutsideField).includes(field.split('.')[0]!))).toBe(true);
    expect(await digest({ ...base, ...everyOutsideField })).toEqual(before);
    for (const shown of [{ name: 'Renamed' }, { unsubscribe: { url: 'https://example.net/u/{token}' } }, { greeting: { withName: 'Dear {name},', withoutName: 'Hello,' } }, { tagline: 'Weekly' }, { timeZone: 'Asia/Tokyo' }]) {
      expect((await digest({ ...base, ...shown })).config).not.toBe(before.config);
    }

    const items = Object.entries(weekOf()).map(([file, text]) => parseItem(text, file).item);
    const render = (config: object) => renderIssue(assembleIssue(items, week, parseConfig(config)).issue, parseConfig(config), { templatesDir: BUNDLED_TEMPLATES });
    const [one, other] = await Promise.all([render(base), render({ ...base, ...everyOutsideField })]);
    expect(other).toEqual(one);
  });

  it('records the watch-digest version, and names an upgrade as what changed', async () => {
    const root = await fixture({ 'templates/issue.mjml': 'T' });
    const current = await digestBuildInputs({ root, itemFiles: [], templatesDir: path.join(root, 'templates'), config: parseConfig({}) });
    const { version } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(current.version).toBe(version);
    const older = { ...current, version: '0.0.9', sha256: 'older' };
    expect(describeChangedInputs(older, current)).toEqual([`it was built by watch-digest 0.0.9, and this is ${version}`]);
    // A manifest from before versions and pages were recorded still reads.
    const { version: _v, pages: _p, ...old } = current;
    expect(describeChangedInputs({ ...old, sha256: 'old' }, current)).toEqual([`it was built by watch-digest before 0.1.0, and this is ${version}`]);
  });

  it('records the page behind each URL-only item, so a refreshed page makes the build stale', async () => {
    let words = 'Envoys from both sides met again on Tuesday after a pause of several months, officials said.';
    const server = await startHttpServer({
      '/story': (_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Talks</title><meta name="description" content="${words}"></head><body><article><p>${words} ${words}</p></article></body></html>`),
    });
    const root = await fixture({ ...weekOf(), 'digests/news/scraped.md': item({ kind: 'news', date: '2024-03-06', url: server.url('/story') }) });
    const composed = await compose({ cwd: root, week: '2024-W10' });
    expect(Object.keys(composed.manifest.inputs!.pages!)).toEqual([server.url('/story')]);
    const stale = async () => staleBuildChanges(await openProject({ cwd: root }), week, composed.manifest);
    expect(await stale()).toEqual([]);

    words = 'The talks ended without agreement late on Wednesday, with both delegations blaming the other.';
    await cachedFetch(server.url('/story'), path.join(root, 'digests/.cache'), (url) => fetchPage(url), true);
    expect(await stale()).toEqual([`page ${server.url('/story')} changed`]);
    // With no copy here (a cache that could not be written, another checkout) nothing can be
    // compared: the page counts as the build recorded it, so the build is not stale forever.
    await rm(path.join(root, 'digests/.cache'), { recursive: true });
    expect(await stale()).toEqual([]);
    await writeFile(path.join(root, 'digests/.cache'), 'a file where the cache folder goes');
    const uncached = await compose({ cwd: root, week: '2024-W10' });
    expect(Object.keys(uncached.manifest.inputs!.pages!)).toEqual([server.url('/story')]);
    expect(await staleBuildChanges(await openProject({ cwd: root }), week, uncached.manifest)).toEqual([]);
  });
});
