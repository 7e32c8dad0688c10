// What a newcomer meets in the first hour (issue 28): each message names the cause and the fix.
// The CLI runs in this process (tests/helpers/cli.ts): the same program, messages and exit codes.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/commands/compose.js';
import { KNOWN_FIELDS } from '../../src/items/parse-item.js';
import { cli } from '../helpers/cli.js';
import { PROJECT_ROOT, fixture, item, weekOf } from '../helpers/fixture.js';
import { composedProject, WEEK } from '../helpers/send-project.js';
import { thrown } from '../helpers/thrown.js';

describe('outside a newsletter folder', () => {
  it('says where the config is expected, for every command that needs one', async () => {
    const dir = await fixture({ 'notes.txt': 'not a newsletter' });
    for (const args of [['compose', '--week', '2026-W50'], ['send', '--yes'], ['check'], ['status'], ['archive'], ['unsubscribe', 'ana@example.org']]) {
      const run = await cli(args, dir);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toContain('error: no watch-digest.config.json here: run it in your newsletter folder, or pass --config');
      expect(run.stderr).toContain('hint: To start a newsletter in this folder, run `watch-digest init`');
    }
  });

  it('names the nearest config above, and runs on the defaults in a folder with digests/', async () => {
    const root = await fixture({ 'watch-digest.config.json': '{"name": "Up There"}', ...weekOf('2024-03-06') });
    await mkdir(path.join(root, 'notes', 'drafts'), { recursive: true });
    const below = await cli(['compose', '--week', '2024-W10'], path.join(root, 'notes', 'drafts'));
    expect(below.stderr).toContain('hint: The nearest is ../../watch-digest.config.json: cd ../.., or pass --config ../../watch-digest.config.json.');
    const via = await cli(['compose', '--week', '2024-W10', '--config', '../../watch-digest.config.json'], path.join(root, 'notes', 'drafts'));
    expect(via.code, via.stderr).toBe(0);

    const bare = await fixture(weekOf('2024-03-06'));
    const composed = await cli(['compose', '--week', '2024-W10'], bare);
    expect(composed.code, composed.stderr).toBe(0);
  });

  it('lets scrape, which needs no newsletter, run anywhere', async () => {
    const dir = await fixture({});
    const run = await cli(['scrape', 'not-a-url'], dir);
    expect(run.stderr).not.toContain('watch-digest.config.json');
  });
});

describe('a time zone set after init', () => {
  it('names the neighbouring week that has the items when "this week" moved', async () => {
    // init named its example week in UTC: Sunday evening there is already Monday in Kiritimati (UTC+14).
    const dir = await fixture({
      'watch-digest.config.json': JSON.stringify({ name: 'X', timeZone: 'Pacific/Kiritimati' }),
      ...Object.fromEntries(Object.entries(weekOf('2026-12-04')).map(([file, text]) => [file.replace('digests/', 'digests/2026-W49/'), text])),
    });
    const error = await thrown(() => compose({ cwd: dir, now: new Date('2026-12-06T20:00:00Z') }));
    expect(error.message).toBe('No items dated in 2026-W50 (2026-12-07 to 2026-12-13) under digests/');
    expect(error.hint).toContain('The nearest items are in 2026-W49 (the week before): pass --week 2026-W49 to compose that one.');
    expect(error.hint).toContain('If you changed `timeZone` or `weekStartsOn` in the config, "this week" may have moved with it.');
    // Dated items in no week folder count by their date; a week further away is named without "before".
    const far = await fixture({ 'watch-digest.config.json': '{}', ...weekOf('2026-11-18') });
    expect((await thrown(() => compose({ cwd: far, week: '2026-W50' }))).hint).toContain('The nearest items are in 2026-W47: pass --week 2026-W47');
  });
});

describe('the command line', () => {
  it('names a long option written with one dash, and gives the command corrected', async () => {
    const dir = await fixture(weekOf());
    const run = await cli(['compose', '-week', '2026-W50'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: "-week" has one dash: did you mean --week?\nhint: Long options take two dashes: watch-digest compose --week 2026-W50\n');
    expect((await cli(['send', '-dry-run'], dir)).stderr).toContain('did you mean --dry-run?');
    // Short options and values are left alone.
    expect((await cli(['compose', '-w', '2024-W10', '-q'], dir)).code).toBe(0);
  });

  it('gives examples for every command, the environment send and mailbox read, and the item fields', async () => {
    const dir = await fixture({});
    const top = await cli(['--help'], dir);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((name) => name !== 'help');
    expect(commands.length).toBeGreaterThanOrEqual(13);
    for (const command of commands) expect((await cli([command, '--help'], dir)).stdout, command).toMatch(new RegExp(`Examples:\\n {2}\\$ watch-digest (--json )?${command}`));
    const send = (await cli(['send', '--help'], dir)).stdout;
    for (const name of ['SMTP_URL', 'UNSUBSCRIBE_SECRET', 'DKIM_PRIVATE_KEY']) expect(send).toContain(name);
    expect((await cli(['mailbox', '--help'], dir)).stdout).toContain('IMAP_URL');
    const compose = (await cli(['compose', '--help'], dir)).stdout;
    for (const field of KNOWN_FIELDS) expect(compose, field).toMatch(new RegExp(`\\b${field}\\b`));
  });

  it('names where the documentation pages are', async () => {
    const dir = await fixture({});
    const line = /^Documentation: (\S+) /m.exec((await cli(['--help'], dir)).stdout)?.[1];
    expect(line).toBeDefined();
    expect(await readFile(path.resolve(dir, line!, 'commands.md'), 'utf8')).toContain('# Command line');
    expect((await cli(['--help'], PROJECT_ROOT)).stdout).toContain(`Documentation: docs${path.sep} (commands.md`);
  });
});

describe("other weeks' files", () => {
  it("are shown once, apart from this issue's warnings, when composing one week", async () => {
    const dir = await fixture({
      ...weekOf('2024-03-06'),
      'digests/news/one.md': item({ kind: 'news', date: '2024-03-06', heaading: 'In brief:' }, '- First bullet.'),
      'digests/2024-W09/lead.md': item({ kind: 'lead', date: '2024-02-28', title: 'Last week', notes: 'x' }, 'Text.'),
      'digests/2024-W11/draft.md': '---\nkind: news\ndate: 2024-03-13\ntitle: a: b: c\n---\nDraft.\n',
    });
    const run = await cli(['compose', '--week', '2024-W10'], dir);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('warning: digests/news/one.md: unknown front matter field "heaading" is ignored; did you mean `heading`?');
    expect(lines[1]).toBe('Files of other weeks (not in 2024-W10; compose their week to act on these):');
    expect(lines.slice(2)).toEqual([
      '  warning: digests/2024-W09/lead.md: unknown front matter field "notes" is ignored',
      expect.stringMatching(/^ {2}warning: digests\/2024-W11\/draft.md: skipped, not part of 2024-W10: front matter is not valid YAML/),
    ]);
    const json = JSON.parse((await cli(['compose', '--week', '2024-W10', '--json'], dir)).stdout) as { warnings: string[]; otherWeeks: string[] };
    expect(json.warnings).toHaveLength(1);
    expect(json.otherWeeks).toHaveLength(2);
  });
});

describe('send with no SMTP settings', () => {
  it('says the dry run would write to the outbox, and counts the readers the ledger records as mailed', async () => {
    const dir = await composedProject({ 'subscribers.csv': 'email,name\nana@example.org,Ana\nbo@example.org,Bo\n' });
    const build = (JSON.parse(await readFile(path.join(dir, 'digests', WEEK, 'issue.json'), 'utf8')) as { html: { sha256: string } }).html.sha256;
    const mailed = { email: 'ana@example.org', status: 'sent', build, messageId: '<1@x>', response: '250 OK', attempts: 1, at: '2024-03-08T10:00:00.000Z' };
    await writeFile(path.join(dir, 'digests', WEEK, 'sends.jsonl'), `${JSON.stringify(mailed)}\n`);
    const dry = await cli(['send', '--week', WEEK, '--dry-run'], dir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('  would write to the outbox for Bo <bo@example.org>\n');
    expect(dry.stdout).not.toContain('ana@example.org');
    expect(dry.stdout).toContain('a real run would write 1 .eml file(s)');
    expect(dry.stdout).toContain('(1 subscriber(s) skipped: 1 already sent)');
    const run = await cli(['send', '--week', WEEK, '--yes'], dir);
    expect(run.stdout).toContain(`${WEEK}: 1 written to the outbox, 0 failed, 0 deferred; skipped 1 already sent`);
    expect(await readdir(path.join(dir, 'digests', WEEK, 'outbox'))).toHaveLength(1);
  });
});

describe('unsubscribe', () => {
  it('takes the address out of a name form, and names the sample link of a built issue as such', async () => {
    const dir = await fixture({ 'watch-digest.config.json': '{}' });
    const named = await cli(['unsubscribe', 'Ana Lee <ana@example.org>'], dir);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toBe('Unsubscribed ana@example.org: added to unsubscribed.csv\n');
    expect((await cli(['unsubscribe', 'mailto:bo@example.org'], dir)).stdout).toBe('Unsubscribed bo@example.org: added to unsubscribed.csv\n');
    for (const sample of ['https://example.org/unsubscribe?token=sample', 'sample']) {
      const run = await cli(['unsubscribe', sample], dir, { UNSUBSCRIBE_SECRET: 's3cret' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: "${sample}" is the sample unsubscribe link of a built issue (issue.html, issue.txt): it stands for each reader's own link and names nobody`);
      expect(run.stderr).not.toContain('UNSUBSCRIBE_SECRET');
    }
  });
});

describe('init where npm install <tarball> left a bare package.json', () => {
  it('adds the fields init writes, says which, and prints the dependency the file holds', async () => {
    const bare = { dependencies: { 'watch-digest': 'file:../watch-digest-0.1.0.tgz' } };
    const dir = await fixture({ 'package.json': JSON.stringify(bare, null, 2) + '\n' });
    const run = await cli(['init', '--name', 'The Weekly', '--from', 'news@example.org'], dir);
    expect(run.code, run.stderr).toBe(0);
    const written = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const own = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { overrides: Record<string, string> };
    expect(written).toEqual({
      dependencies: { 'watch-digest': 'file:../watch-digest-0.1.0.tgz' },
      name: 'the-weekly',
      private: true,
      type: 'module',
      engines: { node: '>=20.19' },
      scripts: { compose: 'watch-digest compose --week', check: 'watch-digest check', preview: 'watch-digest preview', send: 'watch-digest send' },
      overrides: own.overrides,
    });
    expect(run.stdout).toContain('  package.json (exists: added name, private, type, engines, scripts, overrides)\n');
    expect(run.stdout).toContain('package.json depends on watch-digest file:../watch-digest-0.1.0.tgz (as package.json had it).');
    expect(run.stdout).not.toContain('keeps its own');
    expect(run.stdout).not.toContain('kept as it was)\n  package.json');

    // Run again, nothing is left to add: the file is kept, byte for byte.
    const before = await readFile(path.join(dir, 'package.json'), 'utf8');
    const again = await cli(['init', '--name', 'The Weekly', '--from', 'news@example.org'], dir);
    expect(again.stdout).toContain('  package.json (exists, kept as it was)');
    expect(await readFile(path.join(dir, 'package.json'), 'utf8')).toBe(before);
  });

  it('keeps fields with values of their own, and a package.json that is not an object', async () => {
    const dir = await fixture({ 'package.json': '{\n\t"name": "ours",\n\t"scripts": { "send": "echo no" }\n}\n' });
    const run = await cli(['init', '--name', 'X', '--from', 'x@example.org', '--dependency', 'watch-digest@^0.1.0'], dir);
    expect(run.stdout).toContain('package.json keeps its own name, scripts.send');
    const text = await readFile(path.join(dir, 'package.json'), 'utf8');
    expect(text).toContain('\t"name": "ours"');
    expect(JSON.parse(text)).toMatchObject({ scripts: { send: 'echo no', compose: 'watch-digest compose --week' }, dependencies: { 'watch-digest': 'watch-digest@^0.1.0' } });

    const broken = await fixture({ 'package.json': '[]' });
    const kept = await cli(['init', '--name', 'X', '--from', 'x@example.org'], broken);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('  package.json (exists, kept as it was: it is not a JSON object)');
    expect(await readFile(path.join(broken, 'package.json'), 'utf8')).toBe('[]');
  });
});
