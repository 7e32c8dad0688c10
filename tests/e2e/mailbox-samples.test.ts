import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, PROJECT_ROOT, runCli } from '../helpers/fixture.js';
import { startDovecot, type MailUser, type TestDovecot } from '../helpers/dovecot.js';
import { fillMailbox, mailboxConfig as config, mailboxProject as project, SAMPLES, SECRET } from '../helpers/mailbox-project.js';

const BOX: MailUser = { user: 'bounces@digest.test', pass: 'bounce-box-pw' };

describe('watch-digest mailbox on saved samples (Dovecot on loopback)', () => {
  let dovecot: TestDovecot;
  const users = [BOX, { user: 'flagged@digest.test', pass: 'pw2' }, { user: 'dry@digest.test', pass: 'pw3' }];
  beforeAll(async () => {
    dovecot = await startDovecot(users);
  }, 120_000);

  it('suppresses hard bounces, complaints and requests with reasons, counts soft bounces, moves what it handled and leaves the rest', async () => {
    await fillMailbox(dovecot, BOX);
    const dir = await project();
    const env = { IMAP_URL: dovecot.imapUrl(BOX.user, BOX.pass), UNSUBSCRIBE_SECRET: SECRET };
    const run = await runCli(['mailbox'], dir, env);
    expect(run.stderr).not.toContain(BOX.pass);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('16 new message(s) read');

    const rows = (await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).trim().split('\n');
    // The old `email` header gained the columns at its end; the old row is kept as it was.
    expect(rows.slice(0, 2)).toEqual(['email,reason,date,detail', 'already@readers.test']);
    const reasons = Object.fromEntries(rows.slice(1).map((row) => [row.split(',')[0], row.split(',')[1] ?? '']));
    expect(reasons).toEqual({
      'already@readers.test': '',
      'unknown@readers.test': 'bounced-hard',
      'departed@corp.test': 'bounced-hard',
      'nobody.here@gmail.test': 'bounced-hard',
      'old@exim.test': 'bounced-hard',
      'closed@qmail.test': 'bounced-hard',
      'ghost@hmail.test': 'bounced-hard',
      'grumpy@yahoo.test': 'complained',
      'annoyed@ses.test': 'complained',
      'reader.two@readers.test': 'unsubscribed',
      'leaving@readers.test': 'unsubscribed',
    });
    expect(rows.find((r) => r.startsWith('unknown@'))).toMatch(/^unknown@readers.test,bounced-hard,\d{4}-\d\d-\d\dT[\d:.]+Z,"5\.1\.1 X-Postfix; unknown user/);
    expect(run.stdout).toMatch(/soft bounce +full@readers.test \(4\.2\.2, mailboxfull, 2024-W10\): 1 in a row, not yet suppressed/);

    const left = (await dovecot.messages(BOX)).map((m) => /^Subject: (.*)$/m.exec(m.source)?.[1]).sort();
    expect(left).toEqual(['Automatic reply: Diplomacy Watch: Talks resume', 'Re: Diplomacy Watch: Talks resume', 'Undelivered Mail Returned to Sender', 'You have won a holiday, unsubscribe never'].sort());
    expect((await dovecot.messages(BOX)).every((m) => !m.flags.includes('\\Seen'))).toBe(true);
    expect(await dovecot.messages(BOX, 'watch-digest-processed')).toHaveLength(12);

    const lines = (await readFile(path.join(dir, 'mailbox-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const log = lines.filter((line) => line.key);
    expect(log).toHaveLength(12);
    // One more line records what this run read and judged: the 4 left and the 12 handled.
    expect(lines.filter((line) => line.seen)).toMatchObject([{ seen: { mailbox: 'bounces@digest.test@127.0.0.1', folder: 'INBOX', uids: '1:16' } }]);
    expect(log.filter((e) => e.kind === 'delayed')).toMatchObject([{ email: 'slow@readers.test', week: '2024-W10', suppressed: false }]);

    // A second run finds nothing new and changes nothing.
    const before = [await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8'), await readFile(path.join(dir, 'mailbox-log.jsonl'), 'utf8')];
    const again = await runCli(['mailbox'], dir, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 new message(s) read, 4 skipped as already seen');
    expect(again.stdout).toContain('0 address(es) added');
    expect([await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8'), await readFile(path.join(dir, 'mailbox-log.jsonl'), 'utf8')]).toEqual(before);
  }, 120_000);

  it('flags processed messages in place when configured to, and never counts them twice', async () => {
    const user = users[1]!;
    await fillMailbox(dovecot, user);
    const dir = await project({ afterProcessing: 'flag' });
    const env = { IMAP_URL: dovecot.imapUrl(user.user, user.pass), UNSUBSCRIBE_SECRET: SECRET };
    expect((await runCli(['mailbox'], dir, env)).code).toBe(0);
    const messages = await dovecot.messages(user);
    expect(messages).toHaveLength(16);
    expect(messages.filter((m) => m.flags.includes('$WatchDigestProcessed'))).toHaveLength(12);
    const log = await readFile(path.join(dir, 'mailbox-log.jsonl'), 'utf8');
    // The handled ones have the keyword, the others are remembered as seen: nothing is read again.
    const again = await runCli(['mailbox', '--json'], dir, env);
    expect(JSON.parse(again.stdout)).toMatchObject({ examined: 0, skippedSeen: 4, suppressed: [] });
    expect(await readFile(path.join(dir, 'mailbox-log.jsonl'), 'utf8')).toBe(log);
  }, 120_000);

  it('changes nothing with --dry-run, and refuses a token it cannot verify', async () => {
    const user = users[2]!;
    await fillMailbox(dovecot, user);
    const dir = await project();
    const run = await runCli(['mailbox', '--dry-run', '--json'], dir, { IMAP_URL: dovecot.imapUrl(user.user, user.pass), UNSUBSCRIBE_SECRET: 'another-secret' });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.suppressed.map((s: { email: string }) => s.email)).toContain('unknown@readers.test');
    expect(report.suppressed.map((s: { email: string }) => s.email)).not.toContain('reader.two@readers.test');
    expect(run.stderr).toMatch(/warning: left in the mailbox: an unsubscribe request from forwarded.alias@other.test whose token does not verify/);
    expect(await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).toBe('email\nalready@readers.test\n');
    await expect(readFile(path.join(dir, 'mailbox-log.jsonl'))).rejects.toThrow();
    expect((await dovecot.messages(user)).filter((m) => m.flags.length === 0)).toHaveLength(16);
  }, 120_000);

  it('explains a wrong password, an unreachable server and missing settings without showing the password', async () => {
    const dir = await project();
    const wrong = await runCli(['mailbox'], dir, { IMAP_URL: dovecot.imapUrl(BOX.user, 'not-the-Password-42') });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/error: cannot open the mailbox imap:\/\/bounces@digest.test@127.0.0.1:\d+: /);
    expect(wrong.stderr).toContain('hint: Check the user name and password');
    expect(wrong.stderr).not.toContain('not-the-Password-42');

    const none = await runCli(['mailbox'], dir, {});
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error: no bounce mailbox configured: IMAP_URL is not set');

    const closed = await runCli(['mailbox'], dir, { IMAP_URL: 'imap://u:secret-pw@127.0.0.1:1' });
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/cannot open the mailbox imap:\/\/u@127.0.0.1:1: .*ECONNREFUSED/);
    expect(closed.stderr).not.toContain('secret-pw');

    const badFolder = await writeFile(path.join(dir, 'watch-digest.config.json'), config({ folder: 'No Such Folder' })).then(() => runCli(['mailbox'], dir, { IMAP_URL: dovecot.imapUrl(BOX.user, BOX.pass) }));
    expect(badFolder.code).toBe(1);
    expect(badFolder.stderr).toContain('cannot open the folder "No Such Folder"');
  }, 120_000);
});

describe('the weekly workflow with a bounce mailbox', () => {
  it('reads the mailbox before sending, and the ledger saver commits the suppression file and the log', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdir, symlink } = await import('node:fs/promises');
    const { load } = await import('js-yaml');
    const { CLI, cleanEnv } = await import('../helpers/fixture.js');
    const run = (cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
      new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
        execFile(cmd, args, options, (error, stdout, stderr) => (error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }))),
      );
    const dovecot = await startDovecot([BOX]);
    await fillMailbox(dovecot, BOX);
    const remote = await fixture({});
    await run('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    const repo = await project();
    await mkdir(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    await symlink(CLI, path.join(repo, 'node_modules', '.bin', 'watch-digest'));
    await writeFile(path.join(repo, 'package.json'), '{"name":"n","private":true}');
    const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-q', '-m', 'start');
    await git('remote', 'add', 'origin', remote);
    await git('push', '-q', '-u', 'origin', 'main');

    type Step = { name?: string; run?: string; if?: string; env?: Record<string, string> };
    const flow = load(await readFile(path.join(PROJECT_ROOT, '.github/workflows/weekly-digest.yml'), 'utf8')) as { jobs: { digest: { steps: Step[] } } };
    const steps = flow.jobs.digest.steps;
    const mailbox = steps.find((s) => s.run?.includes('watch-digest mailbox'))!;
    const prepareSaver = steps.find((s) => s.name === 'Prepare the ledger saver')!;
    const save = steps.at(-1)!;
    expect(steps.indexOf(mailbox)).toBeLessThan(steps.findIndex((s) => s.run?.includes('watch-digest send')));
    expect(mailbox.env).toMatchObject({ IMAP_URL: '${{ secrets.IMAP_URL }}', UNSUBSCRIBE_SECRET: '${{ secrets.UNSUBSCRIBE_SECRET }}' });
    expect(save.if).toBe('always()');

    const runnerTemp = await fixture({});
    const env = cleanEnv({ RUNNER_TEMP: runnerTemp, WEEK: '2024-W10', BRANCH: 'main', IMAP_URL: dovecot.imapUrl(BOX.user, BOX.pass), UNSUBSCRIBE_SECRET: SECRET });
    for (const step of [mailbox, prepareSaver, save]) await run('bash', ['-eo', 'pipefail', '-c', step.run!], { cwd: repo, env });
    const { stdout: log } = await run('git', ['log', '--oneline', '--name-only', '-1', 'origin/main'], { cwd: repo });
    expect(log).toContain('Issue 2024-W10: built issue and send ledger');
    expect(log.split('\n').slice(1).filter(Boolean).sort()).toEqual(['mailbox-log.jsonl', 'unsubscribed.csv']);

    // Without the secret the step says so and does nothing.
    const skipped = await run('bash', ['-eo', 'pipefail', '-c', mailbox.run!], { cwd: repo, env: cleanEnv({}) });
    expect(skipped.stdout).toContain('No IMAP_URL secret');

    // A mailbox that cannot be read fails its step, which comes before Send and may not be skipped
    // past: its unsubscribe requests and complaints are honoured before anyone is mailed.
    expect((mailbox as Record<string, unknown>)['continue-on-error']).toBeUndefined();
    const unreachable = cleanEnv({ RUNNER_TEMP: runnerTemp, IMAP_URL: `imap://${encodeURIComponent(BOX.user)}:${BOX.pass}@127.0.0.1:9`, UNSUBSCRIBE_SECRET: SECRET });
    const failed = await run('bash', ['-eo', 'pipefail', '-c', mailbox.run!], { cwd: repo, env: unreachable }).then(
      () => undefined,
      (error: { stderr: string; code: number }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('::error::The bounce mailbox could not be read to the end');
    expect(failed?.stderr).not.toContain(BOX.pass);
  }, 180_000);
});

describe('watch-digest mailbox over implicit TLS (imaps://)', () => {
  it('reads the mailbox through TLS, and refuses a certificate it cannot trust', async () => {
    const user = { user: 'tls@digest.test', pass: 'tls-pw' };
    const dovecot = await startDovecot([user], { tls: true });
    await dovecot.append(user, (await readFile(path.join(SAMPLES, 'postfix-hard.eml'), 'utf8')));
    const dir = await project();
    const url = `imaps://${encodeURIComponent(user.user)}:${user.pass}@127.0.0.1:${dovecot.tlsPort}`;
    const untrusted = await runCli(['mailbox'], dir, { IMAP_URL: url });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/cannot open the mailbox imaps:\/\/tls@digest.test@127.0.0.1:\d+: .*(self[- ]signed|certificate)/i);
    expect(untrusted.stderr).not.toContain(user.pass);
    const trusted = await runCli(['mailbox'], dir, { IMAP_URL: url, NODE_EXTRA_CA_CERTS: dovecot.caFile! });
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/hard bounce +unknown@readers.test/);
  }, 120_000);
});
