import { execFile, execFileSync } from 'node:child_process';
import { access, cp, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { checkIssue } from '../../src/commands/check.js';
import { compose } from '../../src/commands/compose.js';
import { cli } from '../helpers/cli.js';
import { CLI, PROJECT_ROOT, cleanEnv, fixture, item, runCli, weekOf } from '../helpers/fixture.js';

const ARTIFACTS = ['issue.html', 'issue.json', 'issue.mjml', 'issue.txt'];

async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')] as const)));
}

describe('watch-digest compose', () => {
  it("builds a week's issue into digests/<week>/ and says where, with subject and size", async () => {
    const dir = await fixture({
      ...weekOf('2024-03-06'),
      'digests/other-week.md': item({ kind: 'news', date: '2024-03-13' }, 'Next week only.'),
    });
    // The built CLI as a user runs it (bin/, dist/): every other run here is the same program in this process.
    const run = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Composed 2024-W10 (2024-03-04 to 2024-03-10), dated 2024-03-08');
    expect(run.stdout).toContain('Subject: Weekly Digest: Diplomacy Watch: Talks resume');
    expect(run.stdout).toContain(`Wrote digests${path.sep}2024-W10${path.sep}`);
    expect(run.stdout).toMatch(/HTML size \d+\.\d KB: \d+% of Gmail's ~102 KB clipping limit \(fine\)/);

    const out = path.join(dir, 'digests', '2024-W10');
    expect((await readdir(out)).sort()).toEqual(ARTIFACTS);
    const html = await readFile(path.join(out, 'issue.html'), 'utf8');
    expect(html).toContain('First bullet');
    expect(html).not.toContain('Next week only');
    expect(Buffer.byteLength(html)).toBeLessThan(102_000);
    const manifest = JSON.parse(await readFile(path.join(out, 'issue.json'), 'utf8'));
    expect(manifest).toMatchObject({
      week: '2024-W10',
      subject: 'Weekly Digest: Diplomacy Watch: Talks resume',
      preheader: 'Envoys met again after a pause.',
      html: { file: 'issue.html', bytes: Buffer.byteLength(html) },
    });
    expect(manifest.html.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.items.map((i: { file: string }) => i.file)).toEqual([
      'digests/lead.md',
      'digests/news/one.md',
      'digests/news/two.md',
      'digests/state.md',
      'digests/related.md',
    ]);
    const $ = cheerio.load(html);
    expect($('h1').text()).toBe('Diplomacy Watch: Talks resume');
  });

  it('accepts a date, "this", "last" and a bare --week', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const dir = await fixture({ ...weekOf('2024-03-06'), 'digests/today.md': item({ kind: 'lead', date: today, title: 'This week' }, 'Now.') });
    const byDate = await cli(['compose', '--week', '2024-03-10', '--json'], dir);
    expect(JSON.parse(byDate.stdout)).toMatchObject({ week: '2024-W10', start: '2024-03-04' });
    const bare = await cli(['compose', '--week', '--json'], dir);
    expect(bare.code).toBe(0);
    const thisWeek = JSON.parse(bare.stdout);
    expect(thisWeek.start <= today && today <= thisWeek.end).toBe(true);
    expect(JSON.parse((await cli(['compose', '--week', 'this', '--json'], dir)).stdout).week).toBe(thisWeek.week);
    const last = await cli(['compose', '--week', 'last', '--json'], dir);
    // Last week has no items in this fixture: a clear failure naming the week before this one.
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/^error: No items dated in \d{4}-W\d\d/);
  });

  it('gives byte-identical artifacts for the same inputs', async () => {
    const dir = await fixture(weekOf());
    await cli(['compose', '--week', '2024-W10'], dir);
    const first = await snapshot(path.join(dir, 'digests', '2024-W10'));
    const again = await cli(['compose', '--week', '2024-W10', '--out', 'elsewhere'], dir);
    expect(again.code).toBe(0);
    expect(await snapshot(path.join(dir, 'elsewhere'))).toEqual(first);
  });

  it('never reads built artifacts, caches, outboxes or READMEs as items', async () => {
    const dir = await fixture({
      ...weekOf(),
      'digests/README.md': '# How we write items\n',
      'digests/.cache/page.md': 'not an item',
      'digests/2024-W10/outbox/x.md': 'not an item',
    });
    expect((await cli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    const rerun = await cli(['compose', '--week', '2024-W10', '--json'], dir);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).sections).toEqual({ news: 3, stateDept: true, related: 1 });
  });

  it('uses the project templates when present, so users change the look without code', async () => {
    const dir = await fixture(weekOf());
    await cp(path.join(PROJECT_ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    const masthead = path.join(dir, 'templates', 'partials', 'masthead.mjml');
    await writeFile(masthead, (await readFile(masthead, 'utf8')).replace('{{ newsletter.name }}</mj-text>', '{{ newsletter.name }} — special edition</mj-text>'));
    await writeFile(path.join(dir, 'watch-digest.config.json'), JSON.stringify({ brand: { primaryColor: '#123456' } }));
    expect((await cli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    const html = await readFile(path.join(dir, 'digests', '2024-W10', 'issue.html'), 'utf8');
    expect(html).toContain('Weekly Digest — special edition');
    expect(html).toContain('#123456');
  });

  it('prints help and version quickly, exit 0', async () => {
    const dir = await fixture({});
    const help = await runCli(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('compose');
    expect(help.stdout).toContain('Exit codes');
    const version = await runCli(['--version'], dir);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('watch-digest compose: bad input', () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

  it('rejects an invalid week as a usage error (exit 2)', async () => {
    const dir = await fixture(weekOf());
    const run = await cli(['compose', '--week', '2023-W60'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --week "2023-W60": 2023 has ISO weeks 1 to 52');
    expect(run.stderr).toContain('hint: Use an ISO week (2023-W52)');
    noStack(run.stderr);
  });

  it('rejects unknown options with exit 2', async () => {
    const run = await cli(['compose', '--weak'], await fixture({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--weak'");
  });

  it.each([
    ['malformed front matter', { 'digests/bad.md': '---\nkind: news\ndate: [2024-03-06\n---\nx' }, /^error: digests\/bad.md: front matter is not valid YAML/],
    ['an unknown kind', { 'digests/bad.md': item({ kind: 'opinion', date: '2024-03-06' }, 'x') }, /^error: digests\/bad.md: kind: expected one of lead, news, state-dept, related/],
    ['an invalid date', { 'digests/bad.md': item({ kind: 'news', date: '2024-13-01' }, 'x') }, /^error: digests\/bad.md: date: "2024-13-01" is not a valid date/],
    ['two leads', { 'digests/lead2.md': item({ kind: 'lead', date: '2024-03-07', title: 'Another' }, 'x') }, /^error: Two or more lead items in 2024-W10 .*digests\/lead.md, digests\/lead2.md/],
  ])('names the file or items for %s (exit 1)', async (_name, files, message) => {
    const dir = await fixture({ ...weekOf(), ...files });
    const run = await cli(['compose', '--week', '2024-W10'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('hint:');
    noStack(run.stderr);
  });

  it('reports every broken item file at once', async () => {
    const dir = await fixture({
      ...weekOf(),
      'digests/a.md': item({ kind: 'opinion', date: '2024-03-06' }, 'x'),
      'digests/b.md': 'no front matter',
    });
    const run = await cli(['compose', '--week', '2024-W10'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: 2 item files have problems:');
    expect(run.stderr).toContain('  digests/a.md: kind: expected one of');
    expect(run.stderr).toContain('  digests/b.md: no front matter');
  });

  it('fails for a week with no items and a week without a lead', async () => {
    const empty = await cli(['compose', '--week', '2024-W11'], await fixture(weekOf()));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('error: No items dated in 2024-W11 (2024-03-11 to 2024-03-17) under digests/');
    const { 'digests/lead.md': _lead, ...rest } = weekOf();
    const leadless = await cli(['compose', '--week', '2024-W10'], await fixture(rest));
    expect(leadless.code).toBe(1);
    expect(leadless.stderr).toContain('error: No lead item in 2024-W10 (2024-03-04 to 2024-03-10): found 2 news, 1 state-dept, 1 related');
  });

  it('reports an invalid config with the field', async () => {
    const dir = await fixture({ ...weekOf(), 'watch-digest.config.json': JSON.stringify({ timeZone: 'Nowhere/Town' }) });
    const run = await cli(['compose', '--week', '2024-W10'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: watch-digest.config.json: invalid config');
    expect(run.stderr).toContain('  timeZone: expected an IANA time zone');
  });

  it('reports a missing template and MJML errors, leaving the previous build untouched', async () => {
    const dir = await fixture(weekOf());
    expect((await cli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    const out = path.join(dir, 'digests', '2024-W10');
    const before = await snapshot(out);
    const mtime = (await stat(path.join(out, 'issue.html'))).mtimeMs;

    await cp(path.join(PROJECT_ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    const footer = path.join(dir, 'templates', 'partials', 'footer.mjml');
    await writeFile(footer, (await readFile(footer, 'utf8')).replace('<mj-column>', '<mj-column><mj-column>'));
    const invalid = await cli(['compose', '--week', '2024-W10'], dir);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('error: templates: the templates produce invalid MJML');
    expect(invalid.stderr).toMatch(/issue.mjml line \d+, <mj-column>/);
    noStack(invalid.stderr);

    await rm(path.join(dir, 'templates', 'issue.mjml'));
    const missing = await cli(['compose', '--week', '2024-W10'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: ${path.join('templates', 'issue.mjml')}: template not found`);

    await writeFile(path.join(dir, 'digests', 'lead.md'), '---\nkind: lead\ndate: 2024-03-06\n---\nno title');
    expect((await cli(['compose', '--week', '2024-W10'], dir)).code).toBe(1);

    expect(await snapshot(out)).toEqual(before);
    expect((await stat(path.join(out, 'issue.html'))).mtimeMs).toBe(mtime);
  });
});

// Several runs of the CLI per test: a generous overall limit for a busy machine.
describe('watch-digest compose: trust', { timeout: 120_000 }, () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |unexpected error/);
  const exists = (file: string) => access(file).then(() => true, () => false);

  it('refuses JavaScript front matter (---js) in compose and check, without running it', async () => {
    const payload = `{ kind: 'news', date: (require('fs').writeFileSync('pwned.txt', 'ran'), '2024-03-06') }`;
    const dir = await fixture({ ...weekOf(), 'digests/evil.md': `---js\n${payload}\n---\nA bullet.\n`, 'digests/evil2.md': `---javascript\n${payload}\n---\nB.\n` });
    for (const command of ['compose', 'check']) {
      const run = await cli([command, '--week', '2024-W10'], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('digests/evil.md: front matter must be YAML, but its first line "---js" asks for "js"');
      expect(run.stderr).toContain('digests/evil2.md: front matter must be YAML');
      noStack(run.stderr);
    }
    expect(await exists(path.join(dir, 'pwned.txt'))).toBe(false);
  });

  it('refuses --out folders that hold the project, items, templates or other files, and accepts its own', async () => {
    const dir = await fixture({ ...weekOf(), 'templates/issue.mjml': '<mjml><mj-body></mj-body></mjml>', 'src/index.ts': 'export {};\n', 'digests/2024-W11/lead.md': item({ kind: 'lead', date: '2024-03-13', title: 'Next' }, 'x') });
    await cp(path.join(PROJECT_ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true, force: true });
    const cases: Array<[string, string]> = [
      ['/', '--out /: refusing to write the built issue into the project folder or a folder containing it'],
      ['.', '--out .: refusing to write the built issue into the project folder or a folder containing it'],
      ['digests', '--out digests: refusing to write the built issue into digests or a folder containing it'],
      ['templates', '--out templates: refusing to write the built issue into templates or a folder containing it'],
      [path.join('digests', '2024-W11'), `--out ${path.join('digests', '2024-W11')}: refusing to write the built issue inside digests${path.sep}`],
      ['src', '--out src: refusing to write the built issue into a folder that holds other files (index.ts) and no earlier issue.json'],
    ];
    // The library call for each, and the command line once for the exit code and the printed form.
    for (const [out, message] of cases) {
      await expect(compose({ cwd: dir, week: '2024-W10', out })).rejects.toMatchObject({ message, hint: expect.stringContaining('Choose a folder of its own') });
    }
    const printed = await cli(['compose', '--week', '2024-W10', '--out', '/'], dir);
    expect(printed.code).toBe(1);
    expect(printed.stderr).toContain(`error: ${cases[0]![1]}`);
    expect(await readdir(path.join(dir, 'src'))).toEqual(['index.ts']);
    expect(await readFile(path.join(dir, 'templates', 'issue.mjml'), 'utf8')).toContain('partials/masthead');
    expect(await readdir(path.join(dir, 'digests', '2024-W11'))).toEqual(['lead.md']);
    await compose({ cwd: dir, week: '2024-W10', out: path.join('digests', '2024-W10') });
    await compose({ cwd: dir, week: '2024-W10', out: 'site/issue' });
    await compose({ cwd: dir, week: '2024-W10', out: 'site/issue' });
    expect(await readdir(path.join(dir, 'site', 'issue'))).toEqual(['issue.html', 'issue.json', 'issue.mjml', 'issue.txt']);
  });

  const unshareWorks = (() => {
    try {
      execFileSync('unshare', ['-rm', 'true'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  // A real full disk: a 8 KB tmpfs mounted in a private mount namespace (needs user namespaces).
  it.skipIf(!unshareWorks)('names the folder when the disk is full (ENOSPC)', async () => {
    const dir = await fixture(weekOf());
    await mkdir(path.join(dir, 'small'));
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const script = 'mount -t tmpfs -o size=8k tmpfs small && exec "$0" "$1" compose --week 2024-W10 --out small';
      execFile('unshare', ['-rm', 'sh', '-c', script, process.execPath, CLI], { cwd: dir, env: cleanEnv() }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(run.stderr).toContain('error: small: cannot write the built issue (ENOSPC: no space left on the disk)');
    expect(run.code).toBe(1);
    noStack(run.stderr);
  });

  it('names the item and what was removed when a news bullet is only an embed', async () => {
    const dir = await fixture({ ...weekOf(), 'digests/news/video.md': item({ kind: 'news', date: '2024-03-06' }, '<iframe src="https://video.example/embed/1"></iframe>') });
    const run = await cli(['compose', '--week', '2024-W10'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: digests/news/video.md: a news bullet is empty once the markup email cannot carry is taken out (removed: <iframe>)');
    expect(run.stderr).not.toContain('bullet.html');
  });

  it("composes this week although a draft for another week is broken, warning about it; that week's compose stops on it", async () => {
    const broken = '---\nkind: news\ndate: 2024-03-13\ntitle: a: b: c\n---\nDraft.\n';
    const dir = await fixture({ ...weekOf(), 'digests/2024-W11/draft.md': broken, 'digests/2024-W11/lead.md': item({ kind: 'lead', date: '2024-03-13', title: 'Next' }, 'x') });
    // check composes a week not built yet, and passes compose's warnings on as notes.
    const checked = await checkIssue({ cwd: dir, week: '2024-W10', env: {} });
    expect(checked.notes).toContainEqual(expect.stringMatching(/^compose warning \(another week's file\): digests\/2024-W11\/draft.md: skipped, not part of 2024-W10/));
    const run = await cli(['compose', '--week', '2024-W10'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Files of other weeks \(not in 2024-W10; compose their week to act on these\):\n {2}warning: digests\/2024-W11\/draft.md: skipped, not part of 2024-W10: front matter is not valid YAML: .*\(line 4\)$/m);
    const next = await cli(['compose', '--week', '2024-W11'], dir);
    expect(next.code).toBe(1);
    expect(next.stderr).toMatch(/^error: digests\/2024-W11\/draft.md: front matter is not valid YAML/);
  });

  it('does not follow folder links under digests/ (a loop, a link to ..), naming them, and counts each item once', async () => {
    const dir = await fixture(weekOf());
    await symlink('.', path.join(dir, 'digests', 'loop'));
    await symlink('..', path.join(dir, 'digests', 'news', 'parent'));
    const run = await cli(['compose', '--week', '2024-W10', '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).sections).toEqual({ news: 3, stateDept: true, related: 1 });
    expect(run.stderr).toContain('warning: digests/loop: a symbolic link to a folder (.) is not followed');
    expect(run.stderr).toContain('warning: digests/news/parent: a symbolic link to a folder (..) is not followed');
  });

  it('explains digests/ being a file, an out-of-range week, and a config that is null; reads a config with a BOM', async () => {
    const asFile = await cli(['compose', '--week', '2024-W10'], await fixture({ digests: 'oops\n' }));
    expect(asFile.code).toBe(1);
    expect(asFile.stderr).toContain('error: digests: is a file, but items live in a folder of that name');
    noStack(asFile.stderr);

    const dir = await fixture(weekOf());
    const year0 = await cli(['compose', '--week', '0000-W01'], dir);
    expect(year0.code).toBe(2);
    expect(year0.stderr).toContain('error: --week "0000-W01": the year must be between 1000 and 9999');

    await writeFile(path.join(dir, 'watch-digest.config.json'), 'null');
    const nullConfig = await cli(['compose', '--week', '2024-W10'], dir);
    expect(nullConfig.code).toBe(1);
    expect(nullConfig.stderr).toContain('error: watch-digest.config.json: expected a JSON object ({ "name": … }), found null');

    await writeFile(path.join(dir, 'watch-digest.config.json'), '\uFEFF{ "name": "Bom Letter" }');
    const bom = await cli(['compose', '--week', '2024-W10', '--json'], dir);
    expect(bom.code).toBe(0);
    expect(JSON.parse(bom.stdout).subject).toBe('Bom Letter: Diplomacy Watch: Talks resume');
  });
});
