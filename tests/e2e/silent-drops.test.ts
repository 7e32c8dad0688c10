import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIVE_DOMAIN } from '../helpers/live-project.js';
import { cli } from '../helpers/cli.js';
import { fixture, item, weekOf } from '../helpers/fixture.js';

const WEEK = '2024-W10';
const CONFIG = { postalAddress: '1 Example Way', from: { address: `news@${LIVE_DOMAIN}` }, unsubscribe: { url: `https://unsubscribe.${LIVE_DOMAIN}/u?token={token}` } };

/** weekOf() with some files replaced (a null file is left out), and a config. */
function week(files: Record<string, string | null>, config: object = CONFIG): Record<string, string> {
  const tree = { ...weekOf('2024-03-06', `www.${LIVE_DOMAIN}`), 'watch-digest.config.json': JSON.stringify(config), ...files };
  return Object.fromEntries(Object.entries(tree).filter((entry): entry is [string, string] => entry[1] !== null));
}

const WARNED = {
  // Filed in this week's folder, dated in another week: the folder decides, and says so.
  'digests/state.md': null,
  [`digests/${WEEK}/state.md`]: item({ kind: 'state-dept', date: '2024-04-02' }, 'A note filed in the week, dated in April.'),
  // Dated in this week, filed in next week's folder: left out, and said so.
  'digests/2024-W11/filed-late.md': item({ kind: 'news', date: '2024-03-06' }, 'A bullet filed under next week.'),
  // A misspelt field and a field a news item never shows.
  'digests/news/one.md': item({ kind: 'news', date: '2024-03-06', heaading: 'In brief:' }, '- First bullet.'),
  'digests/news/two.md': item({ kind: 'news', date: '2024-03-06', author: 'A. Writer' }, 'A single bullet.'),
  // Next week's half-written draft: mentioned, but it never fails this week's issue.
  'digests/2024-W11/draft.md': item({ kind: 'news', date: '2024-03-13', notes: 'ask the desk' }, 'Draft.'),
};
const WEEK_WARNINGS = [
  `digests/${WEEK}/state.md: dated 2024-04-02, outside ${WEEK} (2024-03-04 to 2024-03-10), but filed in the ${WEEK} folder: included in ${WEEK}; correct the date or move the file`,
  `digests/2024-W11/filed-late.md: dated 2024-03-06, in ${WEEK}, but filed in the 2024-W11 folder: left out of ${WEEK} (the folder decides); move the file or correct the date`,
  'digests/news/one.md: unknown front matter field "heaading" is ignored; did you mean `heading`?',
  'digests/news/two.md: `author` is not shown on a news item (only on lead); it is ignored',
];

describe('nothing an editor wrote is dropped without a word', { timeout: 180_000 }, () => {
  it('warns, naming the file, about misfiled items and fields the issue would not show; --strict and warningsAsErrors make them errors', async () => {
    const dir = await fixture(week(WARNED));
    const compose = await cli(['compose', '--week', WEEK], dir);
    expect(compose.code).toBe(0);
    for (const warning of WEEK_WARNINGS) expect(compose.stderr).toContain(`warning: ${warning}\n`);
    expect(compose.stderr).toContain('warning: digests/2024-W11/draft.md: unknown front matter field "notes" is ignored');
    const html = await readFile(path.join(dir, 'digests', WEEK, 'issue.html'), 'utf8');
    expect(html).toContain('A note filed in the week, dated in April.');
    expect(html).not.toContain('A bullet filed under next week.');
    const manifest = await readFile(path.join(dir, 'digests', WEEK, 'issue.json'), 'utf8');
    expect([...JSON.parse(manifest).warnings].sort()).toEqual([...WEEK_WARNINGS].sort());

    // check reports them as warnings (exit 0), and fails on them with --strict.
    const check = await cli(['check', '--week', WEEK, '--json'], dir);
    expect(check.code).toBe(0);
    const findings = (JSON.parse(check.stdout) as { findings: Array<{ level: string; rule: string; message: string; where: string }> }).findings;
    expect(findings.filter((f) => f.rule === 'item')).toContainEqual({
      level: 'warning',
      rule: 'item',
      message: 'unknown front matter field "heaading" is ignored; did you mean `heading`?',
      where: 'digests/news/one.md',
    });
    expect(findings.filter((f) => f.rule === 'item')).toHaveLength(4);
    const strictCheck = await cli(['check', '--week', WEEK, '--strict'], dir);
    expect(strictCheck.code).toBe(1);
    expect(strictCheck.stdout).toMatch(/warning item: unknown front matter field "heaading" is ignored; did you mean `heading`\? \(digests\/news\/one.md\)/);
    expect(strictCheck.stdout).toContain('warnings count as errors here (--strict or `warningsAsErrors`)');

    // compose --strict fails on the week's warnings (not on next week's draft) and writes nothing.
    const strict = await cli(['compose', '--week', WEEK, '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`error: ${WEEK}: 4 warnings, treated as errors (--strict); nothing was written`);
    for (const warning of WEEK_WARNINGS) expect(strict.stderr).toContain(`  ${warning}\n`);
    expect(strict.stderr).not.toContain('draft.md');
    expect(await readFile(path.join(dir, 'digests', WEEK, 'issue.json'), 'utf8')).toBe(manifest);
  });

  it('fails compose with `warningsAsErrors` in the config, and passes once the items are fixed', async () => {
    const strictConfig = { ...CONFIG, warningsAsErrors: true };
    const bad = await cli(['compose', '--week', WEEK], await fixture(week({ 'digests/news/one.md': WARNED['digests/news/one.md'] }, strictConfig)));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`error: ${WEEK}: 1 warning, treated as errors (\`warningsAsErrors\` in the config); nothing was written`);
    expect(bad.stderr).toContain('did you mean `heading`?');
    const good = await cli(['compose', '--week', WEEK], await fixture(week({ 'digests/news/one.md': item({ kind: 'news', date: '2024-03-06', heading: 'In brief:' }, '- First.') }, strictConfig)));
    expect(good.code).toBe(0);
    expect(good.stderr).toBe('');
  });

  it('refuses two State Department notes in one week, naming both', async () => {
    const dir = await fixture(week({ 'digests/state-2.md': item({ kind: 'state-dept', date: '2024-03-07' }, 'Another note.') }));
    const run = await cli(['compose', '--week', WEEK], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: Two or more State Department notes in ${WEEK} (2024-03-04 to 2024-03-10): digests/state.md, digests/state-2.md`);
    expect(run.stderr).toContain('hint: Keep one `kind: state-dept` item per week');
    expect(existsSync(path.join(dir, 'digests', WEEK, 'issue.html'))).toBe(false);
  });

  it('send --dry-run says that nothing was written, and writes no outbox', async () => {
    const dir = await fixture(week({ 'subscribers.csv': 'email\na@example.com\nb@example.com\n' }));
    expect((await cli(['compose', '--week', WEEK], dir)).code).toBe(0);
    const dry = await cli(['send', '--week', WEEK, '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would write to the outbox for a@example.com');
    expect(dry.stdout).toContain(`Dry run, nothing was sent or written: with no SMTP settings, a real run would write 2 .eml file(s) to ${path.join('digests', WEEK, 'outbox')}${path.sep}.`);
    expect(dry.stdout).not.toContain('holds one .eml');
    expect(existsSync(path.join(dir, 'digests', WEEK, 'outbox'))).toBe(false);
  });

  it('check --links without a network says the links could not be checked, rather than that all are broken', async () => {
    // A loopback port nobody listens on answers like a machine with no network: connection refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const lead = item({ kind: 'lead', date: '2024-03-06', title: 'Lead', dek: 'Dek.' }, `[One](http://127.0.0.1:${port}/a) and [two](http://127.0.0.1:${port}/b).`);
    const dir = await fixture(week({ 'digests/lead.md': lead, 'digests/news/one.md': null, 'digests/news/two.md': null, 'digests/related.md': null }));
    const run = await cli(['check', '--week', WEEK, '--links', '--json'], dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { notes: string[]; findings: Array<{ rule: string }> };
    expect(report.notes).toContain('link checks skipped: none of the 2 links could be reached (ECONNREFUSED): no network? The links were not checked');
    expect(report.findings.map((f) => f.rule)).not.toContain('broken-link');
  });
});
