import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixture } from '../helpers/fixture.js';
import { html, startHttpServer } from '../helpers/http.js';
import { LIVE_DOMAIN } from '../helpers/live-project.js';
import { cmsArticle } from '../helpers/pages.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { composedProject, smtpEnv, subscribersCsv, WEEK } from '../helpers/send-project.js';

/** The composed project's config with `from` on a reserved example domain. */
const reservedFromConfig = JSON.stringify({
  name: 'Diplomacy Watch',
  from: { name: 'Diplomacy Watch', address: 'editor@example.org' },
  postalAddress: '1 Example Way',
  greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' },
  unsubscribe: { url: `https://${LIVE_DOMAIN}/u?t={token}`, mailto: `unsubscribe@${LIVE_DOMAIN}` },
});

describe('send says what it does, and a dry run what the real run would', () => {
  it('a dry run refuses with the real run, naming a short UNSUBSCRIBE_SECRET as a setting (no compose needed)', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(2) });
    const server = await startSmtpServer();
    const env = smtpEnv(server.url, { UNSUBSCRIBE_SECRET: 'short' });
    const dry = await cli(['send', '--week', WEEK, '--yes', '--dry-run'], dir, env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).not.toContain('would send');
    expect(dry.stderr).toContain('error: dry run: a real run would refuse to mail the list: 1 unsafe setting\n');
    expect(dry.stderr).toContain('  UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET is 5 bytes long; it must be at least 32');
    const real = await cli(['send', '--week', WEEK, '--yes'], dir, env);
    expect(real.code).toBe(1);
    expect(real.stderr).toContain('error: refusing to mail the list: 1 unsafe setting\n');
    expect(real.stderr).not.toContain('placeholder');
    expect(real.stderr).not.toContain('compose again');
    expect(real.stderr).toContain('no compose needed');
    expect(server.received).toHaveLength(0);
  });

  it('a dry run refuses a reserved sender domain as the real run does, and both ask to compose again', async () => {
    const dir = await composedProject({ 'watch-digest.config.json': reservedFromConfig, 'subscribers.csv': subscribersCsv(2) });
    const server = await startSmtpServer();
    const dry = await cli(['send', '--week', WEEK, '--yes', '--dry-run'], dir, smtpEnv(server.url));
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('error: dry run: a real run would refuse to mail the list: 1 placeholder would reach readers\n');
    expect(dry.stderr).toContain('from.address "editor@example.org" uses example.org');
    expect(dry.stderr).toContain('compose again');
    const both = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url, { UNSUBSCRIBE_SECRET: 'short' }));
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('error: refusing to mail the list: 1 placeholder would reach readers, and 1 unsafe setting\n');
    expect(both.stderr).toMatch(/hint: .*compose again.*the settings in the environment/);
    expect(server.received).toHaveLength(0);
  });

  it('with no SMTP settings a [TEST] copy says it was written to the outbox, not sent', async () => {
    const dir = await composedProject();
    const test = await cli(['send', '--week', WEEK, '--to', `me@${LIVE_DOMAIN}`], dir);
    expect(test.code, test.stderr).toBe(0);
    const [file] = await readdir(path.join(dir, 'digests', WEEK, 'outbox'));
    expect(test.stdout).toBe(`Wrote a [TEST] copy of ${WEEK} for me@${LIVE_DOMAIN} to ${path.join('digests', WEEK, 'outbox', file!)} (no SMTP settings: nothing was sent)\n`);
  });

  it('a dry run with --to mails nothing: it says where the [TEST] copy would go', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const dry = await cli(['send', '--week', WEEK, '--to', `me@${LIVE_DOMAIN}`, '--dry-run'], dir, smtpEnv(server.url));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would send to me@${LIVE_DOMAIN}`);
    expect(dry.stdout).toContain('Dry run, nothing was sent or written');
    expect(server.received).toHaveLength(0);
  });

  it('an invalid --to address is a usage error (exit 2), named before anything is read', async () => {
    const run = await cli(['send', '--week', WEEK, '--to', 'me at harbordiplo'], await fixture({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --to "me at harbordiplo" is not a valid email address');
  });

  it('after compose --allow-changed, the hint tells the truth: the issue that went out comes back only from a copy', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(2) });
    const server = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    const weekDir = path.join(dir, 'digests', WEEK);
    const copy = path.join(dir, 'sent-copy');
    await mkdir(copy);
    for (const name of ['issue.html', 'issue.txt', 'issue.mjml', 'issue.json']) await cp(path.join(weekDir, name), path.join(copy, name));
    await writeFile(path.join(dir, 'digests', 'state.md'), '---\nkind: state-dept\ndate: 2024-03-06\n---\nA briefing was held after all.\n');
    expect((await cli(['compose', '--week', WEEK, '--allow-changed'], dir)).code).toBe(0);
    await writeFile(path.join(dir, 'subscribers.csv'), subscribersCsv(3));
    const refused = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toMatch(/restor/);
    expect(refused.stderr).toContain(`overwritten when the week was composed again; to send it instead, put its issue.* files back in ${path.join('digests', WEEK)} from a copy`);
    // Doing what the hint says works: the issue that went out reaches the reader not yet mailed.
    for (const name of await readdir(copy)) await cp(path.join(copy, name), path.join(weekDir, name));
    const rest = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toContain('1 sent');
  });
});

describe('pick and add into a week that has gone out', () => {
  const inbox = (url: string) =>
    `# Inbox for ${WEEK}\n\n## 1. Ministers sign a water accord\n\nnews · Wed 2024-03-06 · Test Wire\n\nTwo ministers signed an accord on a shared river.\n\n- Test Wire: <${url}>\n`;

  it('warn, naming the week and how many readers it reached; before any send they say nothing', async () => {
    const page = await startHttpServer({ '/accord': html(cmsArticle) });
    const unsent = await composedProject();
    const before = await cli(['add', page.url('/accord'), '--week', WEEK], unsent);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).not.toContain('gone out');

    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(2) });
    await writeFile(path.join(dir, 'digests', WEEK, 'inbox.md'), inbox(page.url('/accord')));
    const server = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    const day = new Date().toISOString().slice(0, 10);
    const gone = `warning: ${WEEK} has already gone out (2 subscriber(s) mailed, the last on ${day}: ${path.join('digests', WEEK, 'sends.jsonl')}): new items will not reach those readers, and compose keeps the issue that went out`;
    const picked = await cli(['pick', '1', '--week', WEEK], dir);
    expect(picked.code, picked.stderr).toBe(0);
    expect(picked.stderr).toContain(`${gone}; pick from another week's inbox (--week) to file items there`);
    const added = await cli(['add', page.url('/accord'), '--kind', 'lead', '--week', WEEK], dir);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain(`${gone}; pass --week to file this item in another week`);
  });
});

describe('init in a folder that has a config', () => {
  it('names the flags it did not apply, and says nothing of defaults it did not use', async () => {
    const dir = await fixture({});
    expect((await cli(['init', '.', '--name', 'First Name', '--from', `news@${LIVE_DOMAIN}`, '--time-zone', 'UTC'], dir)).code).toBe(0);
    const config = await readFile(path.join(dir, 'watch-digest.config.json'), 'utf8');
    const again = await cli(['init', '.', '--name', 'Other Name'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('watch-digest.config.json (exists, kept as it was: --name was not applied; edit the file to change it)');
    expect(again.stderr).not.toContain('used the defaults');
    expect(await readFile(path.join(dir, 'watch-digest.config.json'), 'utf8')).toBe(config);
    const bare = await cli(['init', '.'], dir);
    expect(bare.stdout).toContain('watch-digest.config.json (exists, kept as it was)\n');
    expect(bare.stderr).toBe('');
  });
});
