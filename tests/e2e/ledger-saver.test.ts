import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendMailboxLog } from '../../src/mailbox/mailbox-log.js';
import { addSuppressions, readSuppressions } from '../../src/audience/suppression.js';
import { fixture, runCli } from '../helpers/fixture.js';
import { checkout, jobRunner, remoteWith, stepNamed, workflow } from '../helpers/workflow.js';

const WEEK = '2024-W10';
const hard = { email: 'gone@example.com', reason: 'bounced-hard', date: '2024-03-08T10:00:00.000Z', detail: '5.1.1 user unknown' };
const record = (email: string) => JSON.stringify({ email, status: 'sent', build: 'b'.repeat(64), messageId: `<${'1'.repeat(32)}@example.org>`, response: '250 ok', attempts: 1, at: '2024-03-08T10:00:00.000Z' }) + '\n';

/** The job up to its ledger saver, in a fresh checkout of `remote`: the week decided (2024-W10), the saver written. */
async function jobAtSaver(remote: string, commit: string) {
  const repo = await checkout(remote, commit);
  const job = await jobRunner(repo, { WEEK_INPUT: '2024-03-06', SCHEDULE: '', BRANCH: 'main' });
  const flow = await workflow();
  for (const name of ['Start from the newest commit of the branch', 'Decide the week', 'Prepare the ledger saver']) await job.run(stepNamed(flow, name));
  return { repo, job };
}

/** What the suppression file says, read by watch-digest itself. */
async function suppressionsIn(text: string) {
  const dir = await fixture({ 'file.csv': text });
  return readSuppressions(path.join(dir, 'file.csv'), 'file.csv');
}

describe("the weekly workflow's ledger saver (real git, a bare remote)", () => {
  it('finds the files where the config puts them (a BOM, ./ paths, another digestsDir), and keeps a new hard bounce in an upgraded name,email file', async () => {
    const { remote, editor, git, firstCommit, remoteFile } = await remoteWith({
      'watch-digest.config.json': '\uFEFF' + JSON.stringify({ digestsDir: './issues', suppressionFile: './lists/unsubscribed.csv', mailbox: { log: 'logs/mailbox.jsonl' } }),
      'lists/unsubscribed.csv': 'name,email\nAda,ada@example.com\n',
      'subscribers.csv': 'email\nreader@example.com\ngone@example.com\n',
      'package.json': JSON.stringify({ name: 'newsletter', private: true }),
    });
    const { repo, job } = await jobAtSaver(remote, firstCommit);
    expect(await job.exported()).toMatchObject({ WEEK, WEEK_DIR: `issues/${WEEK}`, SUPPRESSION_FILE: 'lists/unsubscribed.csv', MAILBOX_LOG: 'logs/mailbox.jsonl', WEEK_MAILED: '0' });

    // Meanwhile an editor unsubscribes someone by hand, in the old format.
    await writeFile(path.join(editor, 'lists', 'unsubscribed.csv'), 'name,email\nAda,ada@example.com\nBob,bob@example.com\n');
    await git('commit', '-qam', 'unsubscribe Bob');
    await git('push', '-q', 'origin', 'main');

    // The job sends, and the mailbox step suppresses a hard bounce: the file gains its columns.
    await mkdir(path.join(repo, 'issues', WEEK), { recursive: true });
    await writeFile(path.join(repo, 'issues', WEEK, 'sends.jsonl'), record('reader@example.com'));
    expect((await addSuppressions(path.join(repo, 'lists', 'unsubscribed.csv'), 'x', [hard])).upgraded).toBe(true);
    await mkdir(path.join(repo, 'logs'));
    await appendMailboxLog(path.join(repo, 'logs', 'mailbox.jsonl'), [{ at: hard.date, key: '<k@x>', kind: 'bounced-hard', email: hard.email, week: WEEK, suppressed: true }]);

    const saved = await job.saveLedger();
    expect(saved.output).toContain('Ledger saver: pushed');
    expect(saved.code).toBe(0);
    expect(await remoteFile(`issues/${WEEK}/sends.jsonl`)).toBe(record('reader@example.com'));
    expect(await remoteFile('logs/mailbox.jsonl')).toContain('"email":"gone@example.com"');
    const merged = await remoteFile('lists/unsubscribed.csv');
    expect(merged).toBe('name,email,reason,date,detail\nAda,ada@example.com\nBob,bob@example.com\n,gone@example.com,bounced-hard,2024-03-08T10:00:00.000Z,5.1.1 user unknown\n');
    const suppressions = await suppressionsIn(merged);
    expect([...suppressions.keys()]).toEqual(['ada@example.com', 'bob@example.com', 'gone@example.com']);
    expect(suppressions.get('gone@example.com')).toEqual(hard);
  }, 120_000);

  it('merges an email-only file and a plain list whichever side gained the columns: no stray header, no reason lost', async () => {
    const { remote, editor, git, firstCommit, remoteFile } = await remoteWith({
      'watch-digest.config.json': '{}',
      'unsubscribed.csv': 'email\nold@example.com\n',
      'subscribers.csv': 'email\nreader@example.com\n',
      'package.json': JSON.stringify({ name: 'newsletter', private: true }),
    });
    const { repo, job } = await jobAtSaver(remote, firstCommit);
    // The editor's own `unsubscribe` upgrades the file on their side first; ours is still the old one.
    expect((await runCli(['unsubscribe', 'byhand@example.com'], editor)).code).toBe(0);
    await git('commit', '-qam', 'unsubscribe by hand');
    await git('push', '-q', 'origin', 'main');
    const theirs = await readFile(path.join(editor, 'unsubscribed.csv'), 'utf8');
    expect(theirs).toMatch(/^email,reason,date,detail\nold@example.com\nbyhand@example.com,unsubscribed,/);
    await mkdir(path.join(repo, 'digests', WEEK), { recursive: true });
    await writeFile(path.join(repo, 'digests', WEEK, 'sends.jsonl'), record('reader@example.com'));
    expect((await job.saveLedger()).code).toBe(0);
    expect(await remoteFile('unsubscribed.csv')).toBe(theirs);

    // Now ours gains the columns too, with a hard bounce: the header is not repeated, and both reasons stay.
    await addSuppressions(path.join(repo, 'unsubscribed.csv'), 'x', [hard]);
    expect((await job.saveLedger()).code).toBe(0);
    const merged = await remoteFile('unsubscribed.csv');
    expect(merged.split('\n').filter((line) => line.startsWith('email'))).toEqual(['email,reason,date,detail']);
    const suppressions = await suppressionsIn(merged);
    expect([...suppressions.keys()]).toEqual(['old@example.com', 'byhand@example.com', 'gone@example.com']);
    expect(suppressions.get('byhand@example.com')).toMatchObject({ reason: 'unsubscribed' });
    expect(suppressions.get('gone@example.com')).toEqual(hard);

    // A plain list (no header) that gains one while the editor adds an address to the old list.
    const plainRemote = await remoteWith({ 'watch-digest.config.json': '{}', 'unsubscribed.csv': 'plain@example.com\n', 'subscribers.csv': 'email\nreader@example.com\n', 'package.json': '{"private":true}' });
    const plain = await jobAtSaver(plainRemote.remote, plainRemote.firstCommit);
    await writeFile(path.join(plainRemote.editor, 'unsubscribed.csv'), 'plain@example.com\nanother@example.com\n');
    await plainRemote.git('commit', '-qam', 'one more');
    await plainRemote.git('push', '-q', 'origin', 'main');
    await addSuppressions(path.join(plain.repo, 'unsubscribed.csv'), 'x', [hard]);
    expect((await plain.job.saveLedger()).code).toBe(0);
    const list = await plainRemote.remoteFile('unsubscribed.csv');
    expect(list).toBe('email,reason,date,detail\nplain@example.com\nanother@example.com\ngone@example.com,bounced-hard,2024-03-08T10:00:00.000Z,5.1.1 user unknown\n');
    expect((await suppressionsIn(list)).get('gone@example.com')).toEqual(hard);
  }, 120_000);

  it('refuses a suppression file or mailbox log outside the repository loudly, and still pushes the ledger', async () => {
    const elsewhere = await fixture({ 'unsubscribed.csv': 'email\n' });
    const { remote, firstCommit, remoteFile } = await remoteWith({
      'watch-digest.config.json': JSON.stringify({ suppressionFile: path.join(elsewhere, 'unsubscribed.csv'), mailbox: { log: '../mailbox-log.jsonl' } }),
      'subscribers.csv': 'email\nreader@example.com\n',
      'package.json': JSON.stringify({ name: 'newsletter', private: true }),
    });
    const { repo, job } = await jobAtSaver(remote, firstCommit);
    expect((await job.exported()).SUPPRESSION_FILE).toBe(path.join(elsewhere, 'unsubscribed.csv'));
    await mkdir(path.join(repo, 'digests', WEEK), { recursive: true });
    await writeFile(path.join(repo, 'digests', WEEK, 'sends.jsonl'), record('reader@example.com'));
    const saved = await job.saveLedger();
    expect(saved.code).toBe(1);
    expect(saved.output).toContain(`::error::Ledger saver: the config's suppressionFile (${path.join(elsewhere, 'unsubscribed.csv')}) is outside the repository`);
    expect(saved.output).toContain("the config's mailbox.log (");
    expect(saved.output).toContain('Ledger saver: pushed');
    expect(await remoteFile(`digests/${WEEK}/sends.jsonl`)).toBe(record('reader@example.com'));
  }, 120_000);
});
