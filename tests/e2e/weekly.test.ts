import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { signToken } from '../../src/send/unsubscribe-token.js';
import { launchChromium, localPage } from '../helpers/browser.js';
import { CLI, PROJECT_ROOT, cleanEnv, fixture, item, runCli, weekOf } from '../helpers/fixture.js';
import { startSmtpServer } from '../helpers/smtp.js';

const run = promisify(execFile);
const WORKFLOW = path.join(PROJECT_ROOT, '.github', 'workflows', 'weekly-digest.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}

async function workflow() {
  return yaml.load(await readFile(WORKFLOW, 'utf8')) as {
    on: { schedule: Array<{ cron: string }>; workflow_dispatch: { inputs: { week: { default: string } } } };
    concurrency: { group: string; 'cancel-in-progress': boolean };
    jobs: { digest: { env: Record<string, string>; steps: Step[] } };
  };
}

describe('the weekly-digest workflow', () => {
  it('runs weekly off the hour, by hand with a week, never twice at once, compose -> check -> send -> commit', async () => {
    const flow = await workflow();
    const [minute, hour, , , weekday] = flow.on.schedule[0]!.cron.split(' ');
    expect(Number(minute)).not.toBe(0);
    expect(Number(hour)).toBeGreaterThanOrEqual(0);
    expect(weekday).toBe('5');
    expect(flow.on.workflow_dispatch.inputs.week.default).toBe('this');
    expect(flow.concurrency).toEqual({ group: 'weekly-digest', 'cancel-in-progress': false });
    const commands = flow.jobs.digest.steps.map((s) => s.run ?? s.uses ?? '');
    const order = ['npm ci', 'watch-digest compose', 'watch-digest check', 'watch-digest send --week "$WEEK" --yes', 'git push'].map((needle) => commands.findIndex((c) => c.includes(needle)));
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!))).toBe(true);
    const send = flow.jobs.digest.steps.find((s) => s.run?.includes('watch-digest send'))!;
    for (const secret of ['SMTP_URL', 'UNSUBSCRIBE_SECRET', 'DKIM_PRIVATE_KEY']) expect(send.env![secret]).toBe(`\${{ secrets.${secret} }}`);
    expect(flow.jobs.digest.steps.at(-1)!.if).toBe('success() || failure()');
  });

  it('run twice in a git repository against a loopback SMTP server, sends once and commits the ledger', async () => {
    const server = await startSmtpServer();
    const today = new Date().toISOString().slice(0, 10);
    const remote = await fixture({});
    await run('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    const repo = await fixture({
      'digests/this-week/lead.md': item({ kind: 'lead', date: today, title: 'This week', dek: 'The dek.' }, 'The body.'),
      'digests/this-week/news.md': item({ kind: 'news', date: today }, '- A bullet, per [Wire](https://example.com/w).'),
      'subscribers.csv': 'email,name\na@example.com,A\nb@example.com,B\nc@example.com,C\n',
      'watch-digest.config.json': JSON.stringify({ postalAddress: '1 Example Way', unsubscribe: { url: 'https://example.org/u?t={token}' } }),
      'package.json': JSON.stringify({ name: 'newsletter', private: true }),
      '.gitignore': 'node_modules/\ndigests/.cache/\ndigests/*/outbox/\n',
    });
    await mkdir(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    await symlink(CLI, path.join(repo, 'node_modules', '.bin', 'watch-digest'));
    const git = (...args: string[]) => run('git', args, { cwd: repo });
    await git('init', '-q', '-b', 'main');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'start');
    await git('add', '.');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'items');
    await git('remote', 'add', 'origin', remote);
    await git('push', '-q', '-u', 'origin', 'main');

    const flow = await workflow();
    const steps = flow.jobs.digest.steps.filter((s) => s.run && !s.run.startsWith('npm ci'));
    const runWorkflow = async () => {
      const githubEnv = path.join(repo, '..', `github-env-${Math.random().toString(36).slice(2)}`);
      await writeFile(githubEnv, '');
      let exported: Record<string, string> = {};
      for (const step of steps) {
        const env = cleanEnv({ WEEK_INPUT: 'this', GITHUB_ENV: githubEnv, SMTP_URL: server.url, UNSUBSCRIBE_SECRET: 'workflow-secret', DKIM_DOMAIN: '', DKIM_SELECTOR: '', DKIM_PRIVATE_KEY: '', ...exported });
        await run('bash', ['-eo', 'pipefail', '-c', step.run!], { cwd: repo, env });
        exported = Object.fromEntries((await readFile(githubEnv, 'utf8')).split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
      }
      return exported.WEEK!;
    };

    const week = await runWorkflow();
    expect(week).toMatch(/^\d{4}-W\d\d$/);
    expect(server.received).toHaveLength(3);
    const { stdout: log } = await git('log', '--oneline', 'origin/main');
    expect(log).toContain(`Issue ${week}: built issue and send ledger`);
    const { stdout: tracked } = await git('ls-files', `digests/${week}`);
    expect(tracked.split('\n').filter(Boolean).sort()).toEqual([`digests/${week}/issue.html`, `digests/${week}/issue.json`, `digests/${week}/issue.mjml`, `digests/${week}/issue.txt`, `digests/${week}/sends.jsonl`]);

    await runWorkflow();
    expect(server.received).toHaveLength(3);
    // Two whole runs of the workflow's steps, each spawning the CLI several times: minutes on a busy machine.
  }, 180_000);

  it('fails for a week without a lead and sends nothing', async () => {
    const server = await startSmtpServer();
    const today = new Date().toISOString().slice(0, 10);
    const repo = await fixture({ 'digests/news.md': item({ kind: 'news', date: today }, 'Only news.'), 'subscribers.csv': 'email\na@example.com\n' });
    const flow = await workflow();
    const compose = flow.jobs.digest.steps.find((s) => s.run?.includes('watch-digest compose'))!;
    await mkdir(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    await symlink(CLI, path.join(repo, 'node_modules', '.bin', 'watch-digest'));
    await writeFile(path.join(repo, 'package.json'), '{"name":"n","private":true}');
    const failed = await run('bash', ['-eo', 'pipefail', '-c', compose.run!], { cwd: repo, env: cleanEnv({ WEEK_INPUT: 'this', GITHUB_ENV: path.join(repo, 'env') }) }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('No lead item in');
    expect(server.received).toHaveLength(0);
  });
});

describe('watch-digest init', () => {
  it('scaffolds a newsletter that composes, and never overwrites', async () => {
    const dir = await fixture({ 'subscribers.csv': 'email\nmine@example.com\n' });
    const first = await runCli(['init', '.', '--name', 'The Test Letter', '--from', 'editor@example.net'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('subscribers.csv (exists, kept as it was)');
    expect(first.stdout).toContain('Next steps:');
    expect(await readFile(path.join(dir, 'subscribers.csv'), 'utf8')).toBe('email\nmine@example.com\n');
    const config = JSON.parse(await readFile(path.join(dir, 'watch-digest.config.json'), 'utf8'));
    expect(config).toMatchObject({ name: 'The Test Letter', from: { address: 'editor@example.net' } });
    expect(JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).dependencies).toHaveProperty('watch-digest');
    expect(await readFile(path.join(dir, '.github', 'workflows', 'weekly-digest.yml'), 'utf8')).toBe(await readFile(WORKFLOW, 'utf8'));
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toContain('digests/.cache/');
    expect((await readdir(path.join(dir, 'templates', 'partials'))).length).toBeGreaterThan(3);

    const composed = await runCli(['compose', '--week'], dir);
    expect(composed.code).toBe(0);
    expect(composed.stdout).toContain('Subject: The Test Letter:');

    await writeFile(path.join(dir, 'watch-digest.config.json'), '{"name":"Edited"}');
    const again = await runCli(['init', '.', '--name', 'Other', '--from', 'x@example.net'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('watch-digest.config.json (exists, kept as it was)');
    expect(await readFile(path.join(dir, 'watch-digest.config.json'), 'utf8')).toBe('{"name":"Edited"}');
  });

  it('rejects an invalid sender address', async () => {
    const run = await runCli(['init', 'x', '--name', 'N', '--from', 'not-an-address'], await fixture({}));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--from "not-an-address" is not a valid email address');
  });
});

describe('watch-digest archive', () => {
  async function twoIssues(config: object = {}) {
    const dir = await fixture({
      ...weekOf('2024-03-06'),
      'digests/next/lead.md': item({ kind: 'lead', date: '2024-03-13', title: 'Second issue <b>&</b>', dek: 'Later.' }, 'Next body.'),
      'watch-digest.config.json': JSON.stringify({ name: 'Test Letter', greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' }, ...config }),
    });
    for (const week of ['2024-W10', '2024-W11']) expect((await runCli(['compose', '--week', week], dir)).code).toBe(0);
    return dir;
  }

  it('builds an index (newest first), a page per issue and a valid Atom feed, repeatably', async () => {
    const dir = await twoIssues({ archiveUrl: 'https://news.example.org/archive' });
    const result = await runCli(['archive'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Archive of 2 issue(s) written to public');
    const feedXml = await readFile(path.join(dir, 'public', 'feed.xml'), 'utf8');
    expect(XMLValidator.validate(feedXml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(feedXml).feed;
    expect(feed.title).toBe('Test Letter');
    expect(feed.entry.map((e: { title: string }) => e.title)).toEqual(['Test Letter: Second issue <b>&</b>', 'Weekly Digest: Diplomacy Watch: Talks resume'.replace('Weekly Digest', 'Test Letter')]);
    expect(feed.entry[0].link['@_href']).toBe('https://news.example.org/archive/2024-W11/');
    expect(feed.entry[1].content['#text'] ?? feed.entry[1].content).toContain('First bullet');
    const page = await readFile(path.join(dir, 'public', '2024-W10', 'index.html'), 'utf8');
    expect(page).not.toContain('%%');
    expect(page).not.toContain('>Unsubscribe<');
    expect(page).toContain('Dear reader,');
    // The email's "view in browser" link points at this page.
    expect(await readFile(path.join(dir, 'digests', '2024-W10', 'issue.html'), 'utf8')).toContain('href="https://news.example.org/archive/2024-W10/"');

    const before = await readFile(path.join(dir, 'public', 'index.html'), 'utf8');
    expect((await runCli(['archive'], dir)).code).toBe(0);
    expect(await readFile(path.join(dir, 'public', 'index.html'), 'utf8')).toBe(before);
  });

  it('renders in Chromium: the index links to each issue, and the pages show them', async () => {
    const dir = await twoIssues();
    expect((await runCli(['archive', '--out', 'site'], dir)).code).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await localPage(browser);
      await page.goto(pathToFileURL(path.join(dir, 'site', 'index.html')).href);
      const links = page.locator('ol a');
      await expect(links.allInnerTexts()).resolves.toEqual(['Test Letter: Second issue <b>&</b>', 'Test Letter: Diplomacy Watch: Talks resume']);
      await links.nth(1).click();
      await page.waitForURL(/2024-W10\/$|2024-W10\/index.html$/);
      await expect(page.locator('h1').innerText()).resolves.toBe('Diplomacy Watch: Talks resume');
      await page.close();
    } finally {
      await browser.close();
    }
  });

  it('refuses to write into the project folder', async () => {
    const dir = await twoIssues();
    const refused = await runCli(['archive', '--out', '.'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to write the archive into');
  });
});

describe('watch-digest unsubscribe', () => {
  it('adds an address or a verified token to the suppression file, idempotently', async () => {
    const dir = await fixture({});
    const first = await runCli(['unsubscribe', 'Ada@Example.com'], dir);
    expect(first.stdout).toContain('Unsubscribed Ada@Example.com: added to unsubscribed.csv');
    const again = await runCli(['unsubscribe', 'ada@example.com'], dir);
    expect(again.stdout).toContain('ada@example.com was already unsubscribed');
    const token = signToken('bo@example.com', 's3cret');
    const byToken = await runCli(['unsubscribe', token], dir, { UNSUBSCRIBE_SECRET: 's3cret' });
    expect(byToken.stdout).toContain('Unsubscribed bo@example.com');
    expect(await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).toMatch(
      /^email,reason,date,detail\nAda@Example.com,unsubscribed,\d{4}-\d\d-\d\dT[\d:.]+Z,watch-digest unsubscribe\nbo@example.com,unsubscribed,[^,]+,"watch-digest unsubscribe, signed token"\n$/,
    );

    const forged = await runCli(['unsubscribe', signToken('eve@example.com', 'wrong')], dir, { UNSUBSCRIBE_SECRET: 's3cret' });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('the unsubscribe token is not valid');
    const noSecret = await runCli(['unsubscribe', token], dir);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('UNSUBSCRIBE_SECRET is not set');
  });

  it('keeps suppressed addresses out of the next send', async () => {
    const dir = await fixture({ ...weekOf(), 'subscribers.csv': 'email\nstay@example.com\nleave@example.com\n' });
    expect((await runCli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    await runCli(['unsubscribe', 'leave@example.com'], dir);
    const server = await startSmtpServer();
    const sent = await runCli(['send', '--week', '2024-W10', '--yes'], dir, { SMTP_URL: server.url, UNSUBSCRIBE_SECRET: 'x' });
    expect(sent.code).toBe(0);
    expect([...server.counts().keys()]).toEqual(['stay@example.com']);
  });
});
