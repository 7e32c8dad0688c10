import { spawn } from 'node:child_process';
import { access, copyFile, cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, fixture, PROJECT_ROOT } from '../helpers/fixture.js';
import { run, writeOfflineLock } from '../helpers/offline-install.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { LIVE_DOMAIN, LIVE_SECRET, liveWeek } from '../helpers/live-project.js';
import { commandSteps, jobRunner, pushedToRemote, workflow } from '../helpers/workflow.js';

// Two offline installs of the packed package: slow on a busy machine, but nothing here races a clock.
const INSTALL_TIMEOUT = 600_000;

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** The package as an editor gets it: `npm pack`, installed into an empty folder without dev dependencies. */
describe('the packed package, installed outside this repository', () => {
  let tarball: string;
  let consumer: string;
  let news: string;
  const env = cleanEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  const cli = (args: string[], cwd: string) => run('npx', ['--no', '--', 'watch-digest', ...args], cwd, env);

  beforeAll(async () => {
    const packDir = await fixture({}, { keep: 'file' });
    // Packed as from a fresh clone (the repository's files, not this checkout's dist/, which the
    // other test files' CLIs are running): first without an install, then with one.
    const checkout = await freshCheckout();
    const uninstalled = await run('npm', ['pack', '--pack-destination', packDir], checkout, env);
    expect(uninstalled.code).not.toBe(0);
    expect(uninstalled.stderr).toContain('hint: Run `npm install` (or `npm ci`) in this folder first');
    expect(uninstalled.stderr).not.toContain('tsc: not found');
    await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], checkout, env);
    expect(packed.code, packed.stderr).toBe(0);
    tarball = path.join(packDir, (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>)[0]!.filename);
    // The checkout's package.json is as it was, `prepare` and all.
    expect(await readFile(path.join(checkout, 'package.json'), 'utf8')).toBe(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

    // The override a newsletter made by `init` carries too: it keeps Node 20 installs free of EBADENGINE (README).
    const { overrides } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { overrides: object };
    const manifest = { name: 'consumer', version: '1.0.0', dependencies: { 'watch-digest': `file:${tarball}` }, overrides };
    consumer = await fixture({ 'package.json': JSON.stringify(manifest) }, { keep: 'file' });
    await writeOfflineLock(consumer, tarball);
    const installed = await run('npm', ['ci', '--offline'], consumer, env);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).not.toContain('EBADENGINE');
    // npm 11 lists a dependency's `prepare` among install scripts to approve; the package has none.
    expect(installed.stderr).not.toMatch(/install scripts|allowScripts/);
  }, INSTALL_TIMEOUT);

  it('ships the built CLI, templates and docs, and no tests, fixtures or sample data', async () => {
    const manifest = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepare).toContain('build');
    const installed = path.join(consumer, 'node_modules', 'watch-digest');
    const packed = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(packed.scripts.prepare).toBeUndefined();
    const top = await readdir(installed);
    expect(top).toEqual(expect.arrayContaining(['bin', 'dist', 'templates', 'README.md', 'LICENSE', 'package.json', '.gitattributes', '.github']));
    for (const absent of ['tests', 'src', 'digests', 'bench', 'subscribers.csv', 'watch-digest.config.json', 'tsconfig.json']) {
      expect(top).not.toContain(absent);
    }
    expect(await exists(path.join(installed, 'dist', 'cli', 'index.js'))).toBe(true);
    // Dev dependencies stay out of an editor's install.
    expect(await exists(path.join(consumer, 'node_modules', 'vitest'))).toBe(false);
    expect(await exists(path.join(consumer, 'node_modules', 'typescript'))).toBe(false);

    const help = await cli(['--help'], consumer);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('compose');
  });

  it('scaffolds into the folder the tarball was installed in: its package.json gets the fields init writes, and keeps its dependency', async () => {
    const here = await fixture({});
    await cp(path.join(consumer, 'package.json'), path.join(here, 'package.json'));
    await symlink(path.join(consumer, 'node_modules'), path.join(here, 'node_modules'));
    const made = await cli(['init', '--name', 'Here', '--from', 'here@example.org'], here);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('  package.json (exists: added private, type, engines, scripts)');
    expect(made.stdout).toContain(`package.json depends on watch-digest file:${tarball} (`);
    const merged = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; scripts: object };
    expect(merged).toMatchObject({ name: 'consumer', dependencies: { 'watch-digest': `file:${tarball}` }, scripts: { compose: 'watch-digest compose --week' } });
  });

  it('scaffolds a newsletter that installs, composes, checks, previews and sends', async () => {
    const made = await cli(['init', 'news', '--name', 'X', '--from', 'x@example.org'], consumer);
    expect(made.code, made.stderr).toBe(0);
    news = path.join(consumer, 'news');
    const scaffold = JSON.parse(await readFile(path.join(news, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // It depends on the tarball this copy came from, not on a version the registry may not have.
    expect(scaffold.dependencies['watch-digest']).toBe(`file:${tarball}`);
    expect(made.stdout).toContain(`package.json depends on watch-digest file:${tarball}`);

    await writeOfflineLock(news, tarball);
    const installed = await run('npm', ['ci', '--offline'], news, env);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).not.toContain('EBADENGINE');

    const composed = await cli(['compose', '--week'], news);
    expect(composed.code, composed.stderr).toBe(0);
    expect(composed.stdout).toContain('Subject: X:');
    // A fresh scaffold is not ready to mail: check names init's example text and example.org addresses.
    const checked = await cli(['check'], news);
    expect(checked.code, checked.stdout + checked.stderr).toBe(1);
    expect(checked.stdout).toContain('sample-text: "Your lead analysis goes here"');
    expect(checked.stdout).toContain('placeholder-domain: from.address "x@example.org"');
    const dry = await cli(['send', '--dry-run'], news);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('you@example.org');
    const sent = await cli(['send'], news);
    expect(sent.code, sent.stderr).toBe(0);
    const week = (JSON.parse((await cli(['compose', '--week', '--json'], news)).stdout) as { week: string }).week;
    expect(await readdir(path.join(news, 'digests', week, 'outbox'))).toHaveLength(1);

    const page = await previewPage(news);
    expect(page).toContain('Your lead analysis goes here');
  }, INSTALL_TIMEOUT);

  it("runs the new newsletter's own weekly workflow: mails each subscriber once and pushes the ledger", async () => {
    expect(news, 'the newsletter scaffolded above').toBeDefined();
    // The editor goes live: their own sender, unsubscribe addresses, items and reader.
    const configFile = path.join(news, 'watch-digest.config.json');
    const config = JSON.parse(await readFile(configFile, 'utf8'));
    await writeFile(configFile, JSON.stringify({ ...config, from: { address: `news@${LIVE_DOMAIN}` }, postalAddress: '1 Embassy Row', unsubscribe: { url: `https://unsubscribe.${LIVE_DOMAIN}/u?token={token}`, mailto: `unsubscribe@${LIVE_DOMAIN}` } }));
    const scaffoldWeek = (JSON.parse((await cli(['status', '--json'], news)).stdout) as { week: string }).week;
    const today = new Date().toISOString().slice(0, 10);
    for (const [file, text] of Object.entries(liveWeek(today, scaffoldWeek))) await writeFile(path.join(news, file.replace(/(lead|news|state)\.md$/, (name) => (name === 'state.md' ? 'state-dept.md' : name))), text);
    await writeFile(path.join(news, 'subscribers.csv'), 'email\nreader@mail-a.org\n');
    // The newsletter as the editor pushes it to GitHub: a repository with a (bare) remote.
    const { remote, remoteFile } = await pushedToRemote(news);

    // Its workflow's command steps (all but `npm ci`, done above the same way), as the runner
    // runs them, with the watch-digest the newsletter installed. The week is given as by hand:
    // which week a schedule means is tested in weekly.test.ts.
    const flow = await workflow(path.join(news, '.github', 'workflows', 'weekly-digest.yml'));
    const week = (JSON.parse((await cli(['status', '--json'], news)).stdout) as { week: string }).week;
    const server = await startSmtpServer();
    const jobEnv = { WEEK_INPUT: week, SCHEDULE: '', BRANCH: 'main', SAVE_EVERY: '1', SEND_RATE: '10', SMTP_URL: server.url, UNSUBSCRIBE_SECRET: LIVE_SECRET };
    const job = await jobRunner(news, jobEnv);
    for (const step of commandSteps(flow)) await job.run(step);
    expect(Object.fromEntries(server.counts())).toEqual({ 'reader@mail-a.org': 1 });
    expect(await remoteFile(`digests/${week}/sends.jsonl`)).toContain('"reader@mail-a.org"');

    // A re-run on a fresh runner (a new clone, with the same install): nobody is mailed twice.
    const rerunCheckout = await fixture({});
    const cloned = await run('git', ['clone', '-q', remote, rerunCheckout], consumer, env);
    expect(cloned.code, cloned.stderr).toBe(0);
    await symlink(path.join(news, 'node_modules'), path.join(rerunCheckout, 'node_modules'));
    const rerun = await jobRunner(rerunCheckout, jobEnv);
    for (const step of commandSteps(flow)) await rerun.run(step);
    expect(server.received).toHaveLength(1);
  }, INSTALL_TIMEOUT);

  /** Starts the installed `watch-digest preview` on a free port, fetches the page, stops it. */
  async function previewPage(cwd: string): Promise<string> {
    const child = spawn(path.join(cwd, 'node_modules', '.bin', 'watch-digest'), ['preview', '--port', '0'], { cwd, env });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${output}`)));
      });
      const response = await fetch(new URL('email.html', url));
      expect(response.status).toBe(200);
      return await response.text();
    } finally {
      child.kill('SIGTERM');
    }
  }
});

/** The repository's files as git lists them (committed or not, ignored ones left out), in a folder of their own. */
async function freshCheckout(): Promise<string> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], PROJECT_ROOT);
  expect(listed.code, listed.stderr).toBe(0);
  const checkout = await fixture({}, { keep: 'file' });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!(await exists(path.join(PROJECT_ROOT, file)))) continue;
    await mkdir(path.dirname(path.join(checkout, file)), { recursive: true });
    await copyFile(path.join(PROJECT_ROOT, file), path.join(checkout, file));
  }
  return checkout;
}
