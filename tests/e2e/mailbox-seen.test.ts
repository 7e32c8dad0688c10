import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../src/mailbox/message-parts.js';
import { runCli } from '../helpers/fixture.js';
import { startDovecot, type MailUser, type TestDovecot } from '../helpers/dovecot.js';
import { mailboxProject, sampleMessages, SECRET } from '../helpers/mailbox-project.js';
import { asRoot } from '../helpers/root.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const BOX: MailUser = { user: 'bounces@digest.test', pass: 'seen-box-pw' };
/** A reader's reply with an 8 MB attachment: not returned mail, so it stays in the mailbox. */
const attachment = Buffer.alloc(6_000_000, 1).toString('base64').replace(/.{76}/g, '$&\r\n');
const largeReply = (n: number) =>
  [`From: Reader ${n} <reader${n}@readers.test>`, 'To: bounces@digest.test', `Subject: Re: the issue, with the report ${n}`, `Message-ID: <large-${n}@readers.test>`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="r"', '', '--r', 'Content-Type: text/plain', '', 'The report.', '--r', 'Content-Type: application/pdf', 'Content-Disposition: attachment; filename="r.pdf"', 'Content-Transfer-Encoding: base64', '', attachment, '--r--', ''].join('\r\n');

/** What is read once is never read again: large messages left in the mailbox cost nothing the next week. */
describe('watch-digest mailbox remembers what it judged (Dovecot on loopback)', () => {
  let dovecot: TestDovecot;
  let proxy: TcpProxy;
  beforeAll(async () => {
    dovecot = await startDovecot([BOX]);
    proxy = await startTcpProxy(dovecot.port);
  }, 120_000);
  afterAll(() => proxy?.close());

  const run = async (dir: string, args: string[] = []) => {
    proxy.reset();
    const result = await runCli(['mailbox', ...args], dir, { IMAP_URL: `imap://${encodeURIComponent(BOX.user)}:${BOX.pass}@127.0.0.1:${proxy.port}`, UNSUBSCRIBE_SECRET: SECRET });
    return { ...result, downloaded: proxy.bytesFromServer() };
  };
  const outcome = async (dir: string) => Promise.all(['unsubscribed.csv', 'mailbox-log.jsonl'].map(async (file) => (await readFile(path.join(dir, file), 'utf8')).split('\n').filter((line) => !line.includes('"seen"'))));

  it('reads a bounded part of each message once, skips what it judged on later runs, and reads everything again after a UIDVALIDITY change', async () => {
    const samples = await sampleMessages();
    await dovecot.deliver(BOX, [...samples.slice(0, 8), largeReply(1), largeReply(2), ...samples.slice(8), largeReply(3)]);
    const dir = await mailboxProject();

    const first = await run(dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('19 new message(s) read');
    expect(first.stdout).toContain('12 message(s) moved to "watch-digest-processed"; 7 left untouched');
    // 19 messages, 24 MB of them: at most the bounded part of each crossed the wire.
    expect(first.downloaded).toBeLessThan(19 * MAX_MESSAGE_BYTES);
    expect(first.downloaded).toBeLessThan(1_000_000);
    const handled = await outcome(dir);

    const second = await run(dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 new message(s) read, 7 skipped as already seen');
    expect(second.downloaded).toBeLessThan(5_000);
    expect(await outcome(dir)).toEqual(handled);

    const again = await run(dir, ['--reread', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ examined: 7, skippedSeen: 0, actions: [], suppressed: [] });

    // A rebuilt folder index gives the folder a new UIDVALIDITY: the recorded UIDs name nothing now.
    await asRoot('sh', ['-c', 'rm -f "$1"/dovecot-uidlist "$1"/dovecot.index*', 'sh', path.join(dovecot.mailRoot, 'digest.test', 'bounces')]);
    const rebuilt = await run(dir);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/^warning: imap:\/\/bounces@digest.test@127.0.0.1:\d+ "INBOX" has a new UIDVALIDITY, so its messages were read again \(none is counted twice\)$/m);
    expect(rebuilt.stdout).toContain('7 new message(s) read');
    const last = await run(dir);
    expect(last.stdout).toContain('0 new message(s) read, 7 skipped as already seen');
    expect(await outcome(dir)).toEqual(handled);
  });
});
