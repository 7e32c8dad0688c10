import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/fixture.js';
import { startDovecot, type MailUser, type TestDovecot } from '../helpers/dovecot.js';
import { mailboxProject, sampleMessages, SECRET } from '../helpers/mailbox-project.js';
import { asRoot } from '../helpers/root.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const user = (name: string): MailUser => ({ user: `${name}@digest.test`, pass: `${name}-box-pw` });
const USERS = ['move', 'store', 'read', 'outage', 'broken'].map(user);
const PROCESSED = 'watch-digest-processed';
/** Readers' replies, to fill a mailbox past one batch. */
const reply = (n: number) => `From: Reader ${n} <reader${n}@readers.test>\r\nTo: bounces@digest.test\r\nSubject: Re: this week ${n}\r\nMessage-ID: <reply-${n}@readers.test>\r\n\r\nThanks, ${n}.\r\n`;

/** A cut connection or a message the server cannot give: the run fails and says what is left; the next run finishes it. */
describe('watch-digest mailbox when the connection or a message fails (Dovecot on loopback)', () => {
  let dovecot: TestDovecot;
  let proxy: TcpProxy;
  beforeAll(async () => {
    dovecot = await startDovecot(USERS);
    proxy = await startTcpProxy(dovecot.port);
  }, 120_000);
  afterAll(() => proxy?.close());

  const env = (box: MailUser, via: 'proxy' | 'direct') => ({
    IMAP_URL: `imap://${encodeURIComponent(box.user)}:${box.pass}@127.0.0.1:${via === 'proxy' ? proxy.port : dovecot.port}`,
    UNSUBSCRIBE_SECRET: SECRET,
  });
  /** The suppression file and the mailbox log's events: what must not change when a run finishes another's work. */
  const outcome = async (dir: string) => ({
    suppressed: (await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).trim().split('\n').length - 1,
    events: (await readFile(path.join(dir, 'mailbox-log.jsonl'), 'utf8')).split('\n').filter((line) => line.includes('"key"')),
  });
  const flagged = async (box: MailUser) => (await dovecot.messages(box)).filter((m) => m.flags.includes('$WatchDigestProcessed')).length;

  it('fails when the connection is lost during MOVE, and the next run moves the messages without counting them twice', async () => {
    const box = USERS[0]!;
    await dovecot.deliver(box, await sampleMessages());
    const dir = await mailboxProject();
    const cut = proxy.cutOn(/^\S+ UID MOVE /);
    const first = await runCli(['mailbox'], dir, env(box, 'proxy'));
    expect(await cut).toMatch(/UID MOVE [\d:,]+ watch-digest-processed$/);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^error: imap:\/\/move@digest.test@127.0.0.1:\d+: cannot move the handled messages to "watch-digest-processed" in "INBOX": the connection was lost/m);
    expect(first.stderr).toContain(`error: left for the next run: 12 handled message(s) not yet moved to "${PROCESSED}"`);
    expect(first.stderr).toContain('hint: Run `watch-digest mailbox` again: it finishes what is left');
    const after = await outcome(dir);
    expect(after).toMatchObject({ suppressed: 11, events: expect.any(Array) });
    expect(after.events).toHaveLength(12);
    expect(await flagged(box)).toBe(12);

    const second = await runCli(['mailbox'], dir, env(box, 'direct'));
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 new message(s) read, 4 skipped as already seen');
    expect(second.stdout).toContain(`0 message(s) moved to "${PROCESSED}" (and 12 handled by an earlier run)`);
    expect(await dovecot.messages(box)).toHaveLength(4);
    expect(await dovecot.messages(box, PROCESSED)).toHaveLength(12);
    expect(await outcome(dir)).toEqual(after);
  });

  it('fails when the connection is lost while marking, and the next run reads those messages again without counting them twice', async () => {
    const box = USERS[1]!;
    await dovecot.deliver(box, await sampleMessages());
    const dir = await mailboxProject();
    const cut = proxy.cutOn(/^\S+ UID STORE /);
    const first = await runCli(['mailbox', '--json'], dir, env(box, 'proxy'));
    await cut;
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout).unfinished).toEqual({ faults: [expect.stringMatching(/cannot mark the handled messages in "INBOX": the connection was lost/)], unread: 0, notFinished: 12 });
    const after = await outcome(dir);
    expect(await flagged(box)).toBe(0);

    const second = await runCli(['mailbox'], dir, env(box, 'direct'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('12 new message(s) read, 4 skipped as already seen');
    expect(second.stdout.match(/handled by an earlier run/g)).toHaveLength(12);
    expect(second.stdout).toContain('0 address(es) added');
    expect(await dovecot.messages(box, PROCESSED)).toHaveLength(12);
    expect(await outcome(dir)).toEqual(after);
  });

  it('takes the reading up again when the connection drops, and handles everything', async () => {
    const box = USERS[2]!;
    await dovecot.deliver(box, [...(await sampleMessages()), ...Array.from({ length: 150 }, (_, i) => reply(i))]);
    const dir = await mailboxProject();
    const cut = proxy.cutOn(/^\S+ UID FETCH .*BODY\.PEEK\[\]/);
    const run = await runCli(['mailbox'], dir, env(box, 'proxy'));
    await cut;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('166 new message(s) read');
    expect(await dovecot.messages(box, PROCESSED)).toHaveLength(12);
    expect((await outcome(dir)).events).toHaveLength(12);
  });

  it('fails when the server cannot be reached again while reading, and the next run reads the rest', async () => {
    const box = USERS[3]!;
    await dovecot.deliver(box, [...(await sampleMessages()), ...Array.from({ length: 534 }, (_, i) => reply(i))]);
    const dir = await mailboxProject();
    // Messages are listed 500 at a time: the connection goes when the second 500 are.
    const cut = proxy.cutOn(/^\S+ UID FETCH .*RFC822\.SIZE/, 2).then(() => proxy.refuse(true));
    const first = await runCli(['mailbox'], dir, env(box, 'proxy'));
    await cut;
    proxy.refuse(false);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^error: imap:\/\/outage@digest.test@127.0.0.1:\d+: the connection was lost while reading "INBOX": .*logging in again failed/m);
    // The first 500 (the 16 samples and 484 replies) were judged and honoured; the 12 handled wait to be moved.
    expect(first.stderr).toContain(`error: left for the next run: 50 message(s) not read, 12 handled message(s) not yet moved to "${PROCESSED}"`);
    const after = await outcome(dir);
    expect(after.suppressed).toBe(11);

    const second = await runCli(['mailbox'], dir, env(box, 'direct'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('62 new message(s) read, 488 skipped as already seen');
    expect(second.stdout).toContain('0 address(es) added');
    expect(await dovecot.messages(box, PROCESSED)).toHaveLength(12);
    expect(await dovecot.messages(box)).toHaveLength(538);
    expect(await outcome(dir)).toEqual(after);
  });

  it('reports a message the server cannot give by its UID, handles the others, and reads it next time', async () => {
    const box = USERS[4]!;
    await dovecot.deliver(box, await sampleMessages());
    // The third sample (an Exchange NDR) made unreadable to Dovecot, as a damaged mail file is.
    const folder = path.join(dovecot.mailRoot, 'digest.test', 'broken');
    await asRoot('sh', ['-c', 'chmod 000 "$1"/new/000000003.*', 'sh', folder]);
    const dir = await mailboxProject();
    const first = await runCli(['mailbox'], dir, env(box, 'direct'));
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^error: imap:\/\/broken@digest.test@127.0.0.1:\d+: 1 message\(s\) in "INBOX" could not be read \(UID 3: /m);
    expect(first.stderr).toContain('error: left for the next run: 1 message(s) not read');
    expect(first.stdout).not.toContain('departed@corp.test');
    expect(await dovecot.messages(box, PROCESSED)).toHaveLength(11);

    await asRoot('sh', ['-c', 'chmod 644 "$1"/*/000000003.*', 'sh', folder]);
    const second = await runCli(['mailbox'], dir, env(box, 'direct'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1 new message(s) read, 4 skipped as already seen');
    expect(second.stdout).toMatch(/hard bounce +departed@corp.test \(5\.1\.10, [a-z]+, 2024-W10\): suppressed/);
    expect((await outcome(dir)).events).toHaveLength(12);
  });
});
