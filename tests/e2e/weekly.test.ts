import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { signToken } from '../../src/audience/unsubscribe-token.js';
import { withInstalledDocs } from '../../src/shared/doc-page.js';
import { weekContaining } from '../../src/shared/week.js';
import { launchChromium, localPage } from '../helpers/browser.js';
import { cli } from '../helpers/cli.js';
import { CLI, PROJECT_ROOT, cleanEnv, fixture, item, weekOf } from '../helpers/fixture.js';
import { waitFor } from '../helpers/root.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { LIVE_DOMAIN, LIVE_SECRET } from '../helpers/live-project.js';
import { checkout, commandSteps, jobRunner, remoteWith, stepNamed, WORKFLOW, workflow } from '../helpers/workflow.js';

const run = promisify(execFile);

/** Cancels a running step as GitHub's runner does: SIGINT, then SIGTERM after 7.5 s, then SIGKILL of everything after 2.5 s more. */
async function cancel(step: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => step.once('exit', resolve));
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);
  step.kill('SIGINT');
  if (await within(7_500)) return;
  step.kill('SIGTERM');
  if (await within(2_500)) return;
  process.kill(-step.pid!, 'SIGKILL');
  await exited;
}

describe('the weekly-digest workflow', () => {
  it('runs weekly off the hour, by hand with a week, never twice at once, and never loses the ledger', async () => {
    const flow = await workflow();
    const [minute, hour, , , weekday] = flow.on.schedule[0]!.cron.split(' ');
    expect(Number(minute)).not.toBe(0);
    expect(Number(hour)).toBeGreaterThanOrEqual(0);
    expect(weekday).toBe('5');
    expect(flow.on.workflow_dispatch.inputs.week.default).toBe('');
    expect(flow.concurrency).toEqual({ group: 'weekly-digest', 'cancel-in-progress': false });
    const commands = flow.jobs.digest.steps.map((s) => s.run ?? s.uses ?? '');
    const order = ['npm ci', 'git fetch', 'save-ledger.sh" <<', 'watch-digest status', 'watch-digest compose', 'watch-digest check', 'unsubscribe --pull', 'save-ledger.sh" --prove', 'watch-digest send --week "$WEEK" --yes --rate "$SEND_RATE"'].map((needle) =>
      commands.findIndex((c) => c.includes(needle)),
    );
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!))).toBe(true);
    const send = stepNamed(flow, 'Send');
    for (const secret of ['SMTP_URL', 'UNSUBSCRIBE_SECRET', 'DKIM_PRIVATE_KEY']) expect(send.env![secret]).toBe(`\${{ secrets.${secret} }}`);
    // Stopped by its own limit before the job's, so the last step still has time to save.
    expect(send['timeout-minutes']!).toBeLessThan(flow.jobs.digest['timeout-minutes']);
    expect(flow.jobs.digest['timeout-minutes']).toBeGreaterThanOrEqual(240);
    const last = flow.jobs.digest.steps.at(-1)!;
    expect(last.if).toBe('always()');
    expect(last.run).toContain('save-ledger.sh');
    expect(flow.jobs.digest.env.SEND_RATE).toContain('vars.SEND_RATE');
    expect(await readFile(path.join(PROJECT_ROOT, '.gitattributes'), 'utf8')).toMatch(/^digests\/\*\/sends\*\.jsonl merge=union$/m);
  });

  it('cancelled mid-send while an editor pushes, then re-run from its first commit after the weekend: the scheduled week, everyone once, nothing lost', async () => {
    // A scheduled day in the previous week whenever today allows (any day but Sunday): the run is "late".
    const now = new Date();
    const back = Math.min(6, ((now.getUTCDay() + 6) % 7) + 1);
    const scheduled = new Date(now.getTime() - back * 86_400_000);
    const scheduledDay = scheduled.toISOString().slice(0, 10);
    const today = now.toISOString().slice(0, 10);
    const weekOptions = { weekStartsOn: 1 as const, publishDay: 5 as const };
    const week = weekContaining(scheduledDay, weekOptions).label;
    const draftWeek = weekContaining(today, weekOptions).label;
    const count = 60;
    const subscribers = Array.from({ length: count }, (_, i) => `r${i}@example.com`);

    const { remote, editor, git: asEditor, firstCommit, remoteFile } = await remoteWith({
      'digests/scheduled/lead.md': item({ kind: 'lead', date: scheduledDay, title: 'The scheduled issue', dek: 'The dek.' }, 'The body.'),
      'digests/scheduled/news.md': item({ kind: 'news', date: scheduledDay }, `- A bullet, per [Wire](https://www.${LIVE_DOMAIN}/w).`),
      ...(draftWeek !== week ? { 'digests/draft/lead.md': item({ kind: 'lead', date: today, title: 'Next week, a draft', dek: 'Not ready.' }, 'Draft.') } : {}),
      'subscribers.csv': `email\n${subscribers.join('\n')}\n`,
      'unsubscribed.csv': 'email\n',
      'watch-digest.config.json': JSON.stringify({ postalAddress: '1 Example Way', from: { address: `news@${LIVE_DOMAIN}` }, unsubscribe: { url: `https://${LIVE_DOMAIN}/u?t={token}` } }),
      'package.json': JSON.stringify({ name: 'newsletter', private: true }),
      '.gitignore': 'node_modules/\ndigests/.cache/\ndigests/*/outbox/\ndigests/*/sends*.lock\n',
    });
    const ledgerLines = async () => (await remoteFile(`digests/${week}/sends.jsonl`)).split('\n').filter((l) => l.startsWith('{')).length;

    const server: TestSmtpServer = await startSmtpServer();
    const flow = await workflow();
    const steps = commandSteps(flow);
    const sendStep = stepNamed(flow, 'Send');
    const env = { WEEK_INPUT: '', SCHEDULE: `17 13 * * ${scheduled.getUTCDay()}`, BRANCH: 'main', SAVE_EVERY: '1', SMTP_URL: server.url, UNSUBSCRIBE_SECRET: LIVE_SECRET };

    // First attempt: slow enough (3 per second) to be cancelled halfway.
    const first = await jobRunner(await checkout(remote, firstCommit), { ...env, SEND_RATE: '3' });
    for (const step of steps.slice(0, steps.indexOf(sendStep))) await first.run(step);
    expect((await first.exported()).WEEK).toBe(week);
    const sending = await first.start(sendStep);
    let sendOutput = '';
    sending.stdout!.on('data', (d) => (sendOutput += d));
    sending.stderr!.on('data', (d) => (sendOutput += d));
    // The ledger reaches the remote while the send goes on...
    await waitFor('the first ledger push', async () => (await ledgerLines()) > 0);
    // ...an editor pushes meanwhile (an unsubscribe by hand, and next week's item)...
    const last = subscribers.at(-1)!;
    await writeFile(path.join(editor, 'unsubscribed.csv'), `email\n${last}\n`);
    await writeFile(path.join(editor, 'digests', 'later.md'), item({ kind: 'news', date: today }, 'Later news.'));
    await asEditor('add', '.');
    await asEditor('commit', '-q', '-m', 'editor: unsubscribe, later news');
    // As a person would when the workflow's ledger save lands between their pull and push: pull and push again.
    for (let attempt = 1; ; attempt++) {
      await asEditor('pull', '-q', '--rebase', 'origin', 'main');
      const pushed = await asEditor('push', '-q', 'origin', 'main').then(
        () => true,
        (error: unknown) => {
          if (attempt >= 20 || !/rejected|fetch first/.test(String((error as Error).message))) throw error;
          return false;
        },
      );
      if (pushed) break;
    }
    const editorCommit = (await asEditor('rev-parse', 'HEAD')).stdout.trim();
    // ...and the ledger keeps being saved on top of the editor's commit.
    const linesAtEditorPush = await ledgerLines();
    await waitFor('a ledger push after the editor push', async () => (await ledgerLines()) > linesAtEditorPush);
    expect(server.received.length).toBeLessThan(count - 10);
    await cancel(sending);
    expect(sendOutput).toContain('Interrupted: the messages in flight were recorded');
    await first.run(flow.jobs.digest.steps.at(-1)!);
    const deliveredBeforeRerun = server.received.length;
    expect(deliveredBeforeRerun).toBeGreaterThan(0);
    expect(await ledgerLines()).toBe(deliveredBeforeRerun);
    expect(await remoteFile('unsubscribed.csv')).toBe(`email\n${last}\n`);

    // The re-run checks out the first attempt's commit, which has no ledger, days later.
    const rerun = await jobRunner(await checkout(remote, firstCommit), { ...env, SEND_RATE: '100' });
    for (const step of steps) await rerun.run(step);
    expect((await rerun.exported()).WEEK).toBe(week);

    const counts = server.counts();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...counts.keys()].sort()).toEqual(subscribers.filter((s) => s !== last).sort());
    expect((await server.parse(0)).subject).toContain('The scheduled issue');
    const { stdout: ancestry } = await run('git', ['--git-dir', remote, 'merge-base', '--is-ancestor', editorCommit, 'main']).then(() => ({ stdout: 'yes' }));
    expect(ancestry).toBe('yes');
    expect(await remoteFile('digests/later.md')).toContain('Later news.');
    expect(await ledgerLines()).toBe(count - 1);
    const { stdout: tracked } = await run('git', ['--git-dir', remote, 'ls-tree', '-r', '--name-only', 'main', `digests/${week}`]);
    expect(tracked.split('\n').filter(Boolean).sort()).toEqual(['issue.html', 'issue.json', 'issue.mjml', 'issue.txt', 'sends.jsonl'].map((f) => `digests/${week}/${f}`));

    // Once more: nothing left to send, nothing new to commit.
    const again = await jobRunner(await checkout(remote, firstCommit), { ...env, SEND_RATE: '100' });
    const before = (await run('git', ['--git-dir', remote, 'rev-parse', 'main'])).stdout;
    for (const step of steps) await again.run(step);
    expect(server.received).toHaveLength(count - 1);
    expect((await run('git', ['--git-dir', remote, 'rev-parse', 'main'])).stdout).toBe(before);
  }, 240_000);

  it('fails for a week without a lead and sends nothing', async () => {
    const server = await startSmtpServer();
    const today = new Date().toISOString().slice(0, 10);
    const repo = await fixture({ 'digests/news.md': item({ kind: 'news', date: today }, 'Only news.'), 'subscribers.csv': 'email\na@example.com\n' });
    const flow = await workflow();
    await mkdir(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    await symlink(CLI, path.join(repo, 'node_modules', '.bin', 'watch-digest'));
    await writeFile(path.join(repo, 'package.json'), '{"name":"n","private":true}');
    const failed = await run('bash', ['-eo', 'pipefail', '-c', stepNamed(flow, 'Compose').run!], { cwd: repo, env: cleanEnv({ WEEK: 'this' }) }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('No lead item in');
    expect(server.received).toHaveLength(0);
  });
});

describe('the weekly-digest workflow, composing', () => {
  it('composes again while nobody was mailed (an empty or all-deferred ledger), and keeps the issue once someone was', async () => {
    const repo = await fixture({ ...weekOf('2024-03-06'), 'subscribers.csv': 'email\na@example.com\n', 'package.json': '{"name":"n","private":true}' });
    await mkdir(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    await symlink(CLI, path.join(repo, 'node_modules', '.bin', 'watch-digest'));
    const flow = await workflow();
    const decideAndCompose = async () => {
      const job = await jobRunner(repo, { WEEK_INPUT: '2024-W10', SCHEDULE: '', BRANCH: 'main' });
      await job.run(stepNamed(flow, 'Decide the week'));
      return { output: await job.run(stepNamed(flow, 'Compose')), env: await job.exported() };
    };
    const html = () => readFile(path.join(repo, 'digests', '2024-W10', 'issue.html'), 'utf8');
    const retitle = async (title: string) => {
      const lead = path.join(repo, 'digests', 'lead.md');
      await writeFile(lead, (await readFile(lead, 'utf8')).replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`));
    };
    await decideAndCompose();
    const ledger = path.join(repo, 'digests', '2024-W10', 'sends.jsonl');
    const line = (status: string) => JSON.stringify({ email: 'a@example.com', status, build: JSON.parse(readFileSync(path.join(repo, 'digests', '2024-W10', 'issue.json'), 'utf8')).html.sha256, messageId: '<x@y>', response: '451 later', attempts: 4, at: '2024-03-08T10:00:00.000Z' }) + '\n';

    // An empty ledger, then one whose only outcome is deferred: the editor's fix is composed.
    await writeFile(ledger, '');
    await retitle('Fixed once');
    expect((await decideAndCompose()).env.WEEK_MAILED).toBe('0');
    expect(await html()).toContain('Fixed once');
    await writeFile(ledger, line('deferred'));
    await retitle('Fixed twice');
    await decideAndCompose();
    expect(await html()).toContain('Fixed twice');

    // Once someone was mailed, the issue that went out is kept for the rest of the list.
    await writeFile(ledger, line('sent'), { flag: 'a' });
    await retitle('Too late');
    const kept = await decideAndCompose();
    expect(kept.env.WEEK_MAILED).toBe('1');
    expect(kept.output).toContain('Sending 2024-W10 has begun (1 mailed): keeping the issue it sent');
    expect(await html()).toContain('Fixed twice');
  }, 120_000);
});

describe('watch-digest init', () => {
  it('scaffolds a newsletter that composes, and never overwrites', async () => {
    const dir = await fixture({ 'subscribers.csv': 'email\nmine@example.com\n' });
    const first = await cli(['init', '.', '--name', 'The Test Letter', '--from', 'editor@example.net'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('subscribers.csv (exists, kept as it was)');
    expect(first.stdout).toContain('Next steps:');
    expect(await readFile(path.join(dir, 'subscribers.csv'), 'utf8')).toBe('email\nmine@example.com\n');
    const config = JSON.parse(await readFile(path.join(dir, 'watch-digest.config.json'), 'utf8'));
    expect(config).toMatchObject({ name: 'The Test Letter', from: { address: 'editor@example.net' } });
    expect(JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).dependencies).toHaveProperty('watch-digest');
    // The package's workflow, with its documentation links pointed where a newsletter has the pages.
    expect(await readFile(path.join(dir, '.github', 'workflows', 'weekly-digest.yml'), 'utf8')).toBe(withInstalledDocs(await readFile(WORKFLOW, 'utf8')));
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toContain('digests/.cache/');
    expect((await readdir(path.join(dir, 'templates', 'partials'))).length).toBeGreaterThan(3);

    const composed = await cli(['compose', '--week'], dir);
    expect(composed.code).toBe(0);
    expect(composed.stdout).toContain('Subject: The Test Letter:');

    await writeFile(path.join(dir, 'watch-digest.config.json'), '{"name":"Edited"}');
    const again = await cli(['init', '.', '--name', 'Other', '--from', 'x@example.net'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('watch-digest.config.json (exists, kept as it was: --name and --from were not applied; edit the file to change them)');
    expect(await readFile(path.join(dir, 'watch-digest.config.json'), 'utf8')).toBe('{"name":"Edited"}');
  });

  it('rejects an invalid sender address as a usage error', async () => {
    const run = await cli(['init', 'x', '--name', 'N', '--from', 'not-an-address'], await fixture({}));
    expect(run.code).toBe(2);
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
    for (const week of ['2024-W10', '2024-W11']) expect((await cli(['compose', '--week', week], dir)).code).toBe(0);
    return dir;
  }

  it('builds an index (newest first), a page per issue and a valid Atom feed, repeatably', async () => {
    const dir = await twoIssues({ archiveUrl: 'https://news.example.org/archive' });
    const result = await cli(['archive'], dir);
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
    expect((await cli(['archive'], dir)).code).toBe(0);
    expect(await readFile(path.join(dir, 'public', 'index.html'), 'utf8')).toBe(before);
  });

  it('renders in Chromium: the index links to each issue, and the pages show them', async () => {
    const headingFont = `'Noto Serif Ünïcode', "Fira Sans", Georgia, serif`;
    const dir = await twoIssues({ brand: { headingFontFamily: headingFont } });
    expect((await cli(['archive', '--out', 'site'], dir)).code).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await localPage(browser);
      await page.goto(pathToFileURL(path.join(dir, 'site', 'index.html')).href);
      const h1Font = await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontFamily);
      const families = (css: string) => css.split(',').map((name) => name.trim().replace(/^['"]|['"]$/g, ''));
      expect(families(h1Font)).toEqual(['Noto Serif Ünïcode', 'Fira Sans', 'Georgia', 'serif']);
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
    const refused = await cli(['archive', '--out', '.'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to write the archive into');
  });

  it('refuses --out /, digests, an issue folder, templates or a folder of other files, writing nothing', async () => {
    const dir = await twoIssues();
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src', 'index.ts'), 'export {};\n');
    const before = await readdir(path.join(dir, 'digests', '2024-W10'));
    const cases = [
      ['/', 'error: --out /: refusing to write the archive into the project folder or a folder containing it'],
      ['digests', 'error: --out digests: refusing to write the archive into digests or a folder containing it'],
      [path.join('digests', '2024-W10'), `error: --out ${path.join('digests', '2024-W10')}: refusing to write the archive inside digests${path.sep}`],
      ['templates', 'error: --out templates: refusing to write the archive into templates or a folder containing it'],
      ['src', 'error: --out src: refusing to write the archive into a folder that holds other files (index.ts) and no earlier feed.xml'],
    ];
    for (const [out, message] of cases) {
      const refused = await cli(['archive', '--out', out!], dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(message);
      expect(refused.stderr).toContain('hint: Choose a folder of its own');
    }
    expect(await readdir(path.join(dir, 'src'))).toEqual(['index.ts']);
    expect(await readdir(path.join(dir, 'digests', '2024-W10'))).toEqual(before);
  }, 120_000);

  it('publishes only what compose built: a hand-edited issue.html is refused, as send refuses it', async () => {
    const dir = await twoIssues();
    const built = path.join(dir, 'digests', '2024-W10', 'issue.html');
    await writeFile(built, (await readFile(built, 'utf8')).replace('</body>', '<script>alert(1)</script></body>'));
    const refused = await cli(['archive'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${path.join('digests', '2024-W10', 'issue.html')} does not match issue.json: it was changed after compose`);
    await expect(readdir(path.join(dir, 'public'))).rejects.toThrow(/ENOENT/);
  }, 120_000);

  it('names the file when the disk is full (ENOSPC)', async () => {
    const dir = await twoIssues();
    expect((await cli(['archive'], dir)).code).toBe(0);
    // /dev/full answers every write with ENOSPC: a real full device, no mock.
    await rm(path.join(dir, 'public', 'index.html'));
    await symlink('/dev/full', path.join(dir, 'public', 'index.html'));
    const full = await cli(['archive'], dir);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain(`error: ${path.join('public', 'index.html')}: cannot write the archive (ENOSPC: no space left on the disk)`);
    expect(full.stderr).not.toContain('unexpected error');
  }, 120_000);
});

describe('watch-digest unsubscribe', () => {
  it('adds an address or a verified token to the suppression file, idempotently', async () => {
    const dir = await fixture({ 'watch-digest.config.json': '{}' });
    const first = await cli(['unsubscribe', 'Ada@Example.com'], dir);
    expect(first.stdout).toContain('Unsubscribed Ada@Example.com: added to unsubscribed.csv');
    const again = await cli(['unsubscribe', 'ada@example.com'], dir);
    expect(again.stdout).toContain('ada@example.com was already unsubscribed');
    const token = signToken('bo@example.com', 's3cret');
    const byToken = await cli(['unsubscribe', token], dir, { UNSUBSCRIBE_SECRET: 's3cret' });
    expect(byToken.stdout).toContain('Unsubscribed bo@example.com');
    expect(await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).toMatch(
      /^email,reason,date,detail\nAda@Example.com,unsubscribed,\d{4}-\d\d-\d\dT[\d:.]+Z,watch-digest unsubscribe\nbo@example.com,unsubscribed,[^,]+,"watch-digest unsubscribe, signed token"\n$/,
    );

    const forged = await cli(['unsubscribe', signToken('eve@example.com', 'wrong')], dir, { UNSUBSCRIBE_SECRET: 's3cret' });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('the unsubscribe token "');
    expect(forged.stderr).toContain('is not valid');
    const noSecret = await cli(['unsubscribe', token], dir);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('UNSUBSCRIBE_SECRET is not set');
  });

  it('takes a token of an earlier version, or a whole pasted link, and explains a malformed one', async () => {
    const dir = await fixture({ 'watch-digest.config.json': '{}' });
    const payload = Buffer.from('old@example.com').toString('base64url');
    const legacy = `${payload}.${createHmac('sha256', 's3cret').update(payload).digest().subarray(0, 16).toString('base64url')}`;
    expect((await cli(['unsubscribe', legacy], dir, { UNSUBSCRIBE_SECRET: 's3cret' })).stdout).toContain('Unsubscribed old@example.com');
    const link = `https://example.org/u?t=${encodeURIComponent(signToken('new@example.com', 's3cret'))}&list=dw`;
    expect((await cli(['unsubscribe', link], dir, { UNSUBSCRIBE_SECRET: 's3cret' })).stdout).toContain('Unsubscribed new@example.com');
    const malformed = await cli(['unsubscribe', '%E0%A4%A'], dir, { UNSUBSCRIBE_SECRET: 's3cret' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^error: the unsubscribe token "%E0%A4%A" is not valid/);
    expect(malformed.stderr).not.toContain('unexpected error');
  });

  it('keeps suppressed addresses out of the next send', async () => {
    const dir = await fixture({ ...weekOf('2024-03-06', `www.${LIVE_DOMAIN}`), 'subscribers.csv': 'email\nstay@example.com\nleave@example.com\n', 'watch-digest.config.json': JSON.stringify({ from: { address: `news@${LIVE_DOMAIN}` }, unsubscribe: { url: `https://${LIVE_DOMAIN}/u?t={token}` } }) });
    expect((await cli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    await cli(['unsubscribe', 'leave@example.com'], dir);
    const server = await startSmtpServer();
    const sent = await cli(['send', '--week', '2024-W10', '--yes'], dir, { SMTP_URL: server.url, UNSUBSCRIBE_SECRET: LIVE_SECRET });
    expect(sent.code).toBe(0);
    expect([...server.counts().keys()]).toEqual(['stay@example.com']);
  });
});
