import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/mailbox/classify.js';
import { finishMessages } from '../../src/mailbox/finish-messages.js';
import { listFolder } from '../../src/mailbox/folder-listing.js';
import { imapSettingsFromEnv, openFolder, type OpenFolder } from '../../src/mailbox/imap.js';
import { MAX_MESSAGE_BYTES } from '../../src/mailbox/message-parts.js';
import { readMessages } from '../../src/mailbox/read-messages.js';
import { readReturnedMail } from '../../src/mailbox/returned-mail.js';
import { PROJECT_ROOT } from '../helpers/fixture.js';
import { startDovecot, type MailUser, type TestDovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const many: MailUser = { user: 'many@digest.test', pass: 'many-secret-pw' };
const refused: MailUser = { user: 'refused@digest.test', pass: 'refused-secret-pw' };
const samples: MailUser = { user: 'samples@digest.test', pass: 'samples-pw' };
const large: MailUser = { user: 'large@digest.test', pass: 'large-pw' };
const message = (n: number) => `From: mailer-daemon@example.net\r\nTo: bounces@digest.test\r\nSubject: Undelivered ${n}\r\nMessage-ID: <m${n}@example.net>\r\n\r\nReturned.\r\n`;
const SAMPLES = path.join(PROJECT_ROOT, 'tests/fixtures/mail');
const ADDRESSES = { bounce: 'bounces@digest.test', unsubscribe: 'unsubscribe@digest.test', own: ['news@digest.test'] };

/** 8 MB of base64, in lines, as a mail program attaches a file. */
const attachment = Buffer.alloc(6_000_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n');

/** The bounce mailbox's IMAP side (listing, bounded reading, finishing), against Debian's Dovecot on loopback. */
describe('the bounce mailbox over IMAP', () => {
  let dovecot: TestDovecot;
  let proxy: TcpProxy;
  beforeAll(async () => {
    dovecot = await startDovecot([many, refused, samples, large]);
    proxy = await startTcpProxy(dovecot.port);
  }, 120_000);
  afterAll(() => proxy?.close());

  const open = (user: MailUser, port = dovecot.port) => openFolder(imapSettingsFromEnv({ IMAP_URL: `imap://${encodeURIComponent(user.user)}:${user.pass}@127.0.0.1:${port}` })!, 'INBOX');
  const withFolder = async <T>(user: MailUser, use: (folder: OpenFolder) => Promise<T>, port?: number): Promise<T> => {
    const folder = await open(user, port);
    try {
      return await use(folder);
    } finally {
      await folder.close();
    }
  };
  const readAll = async (folder: OpenFolder, options: { wholeBytes?: number } = {}) => {
    const { toRead } = await listFolder(folder, [], { moving: false, reread: false });
    const read: Array<{ uid: number; source: Buffer }> = [];
    for await (const batch of readMessages(folder, toRead, options)) read.push(...batch.messages);
    return read.sort((a, b) => a.uid - b.uid);
  };

  it('reads of every sample, by its structure, only what its verdict needs, and judges it as its whole source', async () => {
    const names = [...(await readdir(SAMPLES)), ...(await readdir(path.join(SAMPLES, 'shapes'))).map((n) => `shapes/${n}`)].filter((n) => n.endsWith('.eml')).sort();
    const sources = await Promise.all(names.map(async (name) => (await readFile(path.join(SAMPLES, name), 'utf8')).replace('{{TOKEN}}', 'x'.repeat(40))));
    await dovecot.deliver(samples, sources);
    // Every message read as a large one is: structure, header, chosen parts.
    const read = await withFolder(samples, (folder) => readAll(folder, { wholeBytes: 0 }));
    expect(read).toHaveLength(names.length);
    for (const [i, { source }] of read.entries()) {
      const whole = classify(await readReturnedMail(sources[i]!), ADDRESSES);
      expect({ name: names[i], verdict: classify(await readReturnedMail(source), ADDRESSES) }).toEqual({ name: names[i], verdict: whole });
    }
  });

  it('reads a few hundred KB of a message, however large, and still finds the bounce in it', async () => {
    const bounce = (await readFile(path.join(SAMPLES, 'postfix-hard.eml'), 'utf8')).replace(/\r?\n/g, '\r\n');
    // The returned original carries the attachment: the report parts come before it.
    const huge = bounce.replace(/(Content-Description: Undelivered Message\r\nContent-Type: message\/rfc822\r\n\r\n[\s\S]*?\r\n\r\n)/, `$1${attachment}\r\n`);
    expect(huge.length).toBeGreaterThan(8_000_000);
    const reply = ['From: A Reader <reader@readers.test>', 'To: bounces@digest.test', 'Subject: Re: the issue, with my report', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="r"', '', '--r', 'Content-Type: text/plain', '', 'See the report.', '--r', 'Content-Type: application/pdf', 'Content-Disposition: attachment; filename="r.pdf"', 'Content-Transfer-Encoding: base64', '', attachment, '--r--', ''].join('\r\n');
    const plain = ['From: Someone <someone@readers.test>', 'To: bounces@digest.test', 'Subject: A very long letter', '', ...Array.from({ length: 150_000 }, (_, i) => `Line ${i} of a letter that goes on and on.`), ''].join('\r\n');
    await dovecot.deliver(large, [huge, reply, plain]);
    proxy.reset();
    const read = await withFolder(large, readAll, proxy.port);
    expect(proxy.bytesFromServer()).toBeLessThan(3 * MAX_MESSAGE_BYTES + 20_000);
    expect(read.map((m) => m.source.length).every((n) => n <= MAX_MESSAGE_BYTES)).toBe(true);
    const [bounceVerdict, replyVerdict, plainVerdict] = await Promise.all(read.map(async (m) => classify(await readReturnedMail(m.source), ADDRESSES)));
    expect(bounceVerdict).toMatchObject({ kind: 'bounce', results: [expect.objectContaining({ severity: 'hard', status: '5.1.1' })], refs: expect.arrayContaining(['11111111111111111111111111111111']) });
    expect(replyVerdict).toMatchObject({ kind: 'other' });
    expect(plainVerdict).toMatchObject({ kind: 'other' });
  });

  it('marks and moves thousands of UIDs without passing a command-length limit', async () => {
    for (const n of [1, 2, 3]) await dovecot.append(many, message(n));
    const result = await withFolder(many, async (folder) => {
      const { toRead } = await listFolder(folder, [], { moving: true, reread: false });
      // 20,000 UIDs that form no range (gone meanwhile, say): one command would be over 100 KB.
      return finishMessages(folder, [...toRead, ...Array.from({ length: 20_000 }, (_, i) => 1001 + 2 * i)], 'watch-digest-processed');
    });
    expect(result.fault).toBeUndefined();
    expect(result.moved).toHaveLength(20_003);
    expect(await dovecot.messages(many)).toEqual([]);
    const moved = await dovecot.messages(many, 'watch-digest-processed');
    expect(moved).toHaveLength(3);
    expect(moved.every((m) => m.flags.includes('\\Seen') && m.flags.includes('$WatchDigestProcessed'))).toBe(true);
  });

  it('says why a folder the server refuses to create stops the work, without the password, and lists the marked message to move next time', async () => {
    await dovecot.append(refused, message(1));
    const result = await withFolder(refused, async (folder) => finishMessages(folder, (await listFolder(folder, [], { moving: true, reread: false })).toRead, '~handled'));
    expect(result.fault).toMatch(/^cannot create the folder "~handled" for handled messages in "INBOX": Invalid mailbox name/);
    expect(result.fault).not.toContain(refused.pass);
    expect(result).toMatchObject({ flagged: [1], moved: [] });
    // Marked as processed all the same, and left where it was: the next run moves it.
    expect((await dovecot.messages(refused)).map((m) => m.flags.includes('$WatchDigestProcessed'))).toEqual([true]);
    const listing = await withFolder(refused, (folder) => listFolder(folder, [], { moving: true, reread: false }));
    expect(listing).toMatchObject({ toRead: [], unmoved: [1] });
  });
});
