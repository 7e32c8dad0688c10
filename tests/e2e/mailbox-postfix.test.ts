import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli, weekOf } from '../helpers/fixture.js';
import { startDovecot, type MailUser, type TestDovecot } from '../helpers/dovecot.js';
import { startPostfix, type TestPostfix } from '../helpers/postfix.js';
import { waitFor } from '../helpers/root.js';

const SECRET = 'postfix-loop-secret-0123456789abcdef';
const BOX: MailUser = { user: 'bounces@digest-news.net', pass: 'box-pw' };
const READERS = ['alice', 'carol', 'dave', 'erin', 'frank'].map((name) => ({ user: `${name}@readers-mail.net`, pass: `${name}-pw` }));
const reader = (name: string) => READERS.find((r) => r.user.startsWith(`${name}@`))!;
const SUBSCRIBERS = [...READERS.map((r) => r.user), 'ghost1@readers-mail.net', 'ghost2@readers-mail.net', 'full@readers-mail.net'];

/** Two weeks of items, so a second issue can go out after the mailbox was read. */
function twoWeeks(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [folder, date] of [['w10', '2024-03-06'], ['w11', '2024-03-13']] as const) {
    for (const [name, content] of Object.entries(weekOf(date, 'www.digest-news.net'))) files[name.replace('digests/', `digests/${folder}/`)] = content;
  }
  return files;
}

describe('the loop closed: Postfix bounces, Dovecot holds them, mailbox honours them, the next send skips them', () => {
  let dovecot: TestDovecot;
  let postfix: TestPostfix;
  beforeAll(async () => {
    dovecot = await startDovecot([BOX, ...READERS]);
    postfix = await startPostfix({
      domains: ['digest-news.net', 'readers-mail.net'],
      mailboxes: [BOX.user, ...READERS.map((r) => r.user)],
      aliases: { 'unsubscribe@digest-news.net': BOX.user },
      full: ['full@readers-mail.net'],
      mailRoot: dovecot.mailRoot,
    });
  }, 180_000);
  afterAll(async () => {
    await postfix?.stop();
  });

  /** Mail to Postfix as any other server or mail program would hand it over. */
  const submit = async (from: string, to: string, raw: string) => {
    const transport = createTransport({ host: '127.0.0.1', port: postfix.port, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ envelope: { from, to: [to] }, raw });
    } finally {
      transport.close();
    }
  };
  const inbox = (user: MailUser, count: number) =>
    waitFor(`${count} message(s) for ${user.user}`, async () => {
      const messages = await dovecot.messages(user);
      return messages.length >= count && messages;
    });

  it('suppresses exactly the bounced, complaining and unsubscribing addresses, with reasons', async () => {
    const dir = await fixture({
      ...twoWeeks(),
      'watch-digest.config.json': JSON.stringify({
        name: 'Diplomacy Watch',
        from: { name: 'Diplomacy Watch', address: 'news@digest-news.net' },
        bounce: { address: 'bounces@digest-news.net', verp: true },
        feedbackId: '{week}:dw:newsletter:digest-test',
        unsubscribe: { url: 'https://digest-news.net/u?t={token}', mailto: 'unsubscribe@digest-news.net' },
        mailbox: { softBounceLimit: 2 },
      }),
      'subscribers.csv': ['email', ...SUBSCRIBERS].join('\n') + '\n',
    });
    const env = { SMTP_URL: postfix.url, UNSUBSCRIBE_SECRET: SECRET, IMAP_URL: dovecot.imapUrl(BOX.user, BOX.pass) };

    expect((await runCli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    const sent = await runCli(['send', '--week', '2024-W10', '--yes'], dir, env);
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toContain('2024-W10: 8 sent, 0 failed, 0 deferred');

    // Postfix accepted all eight; two addresses do not exist and one mailbox is full: three bounces.
    await postfix.drained();
    const bounces = await inbox(BOX, 3);
    expect(bounces.map((m) => /^Subject: (.*)$/m.exec(m.source)?.[1])).toEqual(Array(3).fill('Undelivered Mail Returned to Sender'));
    const [carolCopy] = await inbox(reader('carol'), 1);
    const [daveCopy] = await inbox(reader('dave'), 1);
    const [erinCopy] = await inbox(reader('erin'), 1);

    // Carol marks it as spam: her provider's feedback loop sends an ARF report with the headers.
    const carolHeaders = carolCopy!.source.split(/\r?\n\r?\n/)[0]!;
    const returnPath = (source: string) => /^Return-Path: <([^>]+)>/m.exec(source)![1]!;
    await submit(
      'fbl@readers-mail.net',
      BOX.user,
      [
        'From: Feedback Loop <fbl@readers-mail.net>',
        'To: bounces@digest-news.net',
        'Subject: Abuse report',
        'Message-ID: <fbl-carol-1@readers-mail.net>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=feedback-report; boundary="fbl"',
        '',
        '--fbl',
        'Content-Type: text/plain',
        '',
        'A reader reported this message as spam.',
        '--fbl',
        'Content-Type: message/feedback-report',
        '',
        'Feedback-Type: abuse',
        'Version: 1',
        'User-Agent: readers-fbl/1.0',
        `Original-Mail-From: <${returnPath(carolCopy!.source)}>`,
        '',
        '--fbl',
        'Content-Type: text/rfc822-headers',
        '',
        carolHeaders,
        '',
        '--fbl--',
        '',
      ].join('\r\n'),
    );
    // Dave's mail program follows the List-Unsubscribe mailto link.
    const dave = await simpleParser(daveCopy!.source);
    const mailto = new URL(/<(mailto:[^>]+)>/.exec(String(dave.headers.get('list-unsubscribe') ?? dave.headerLines.find((h) => h.key === 'list-unsubscribe')!.line))![1]!);
    await submit(reader('dave').user, mailto.pathname, [`From: Dave <${reader('dave').user}>`, `To: ${mailto.pathname}`, `Subject: ${mailto.searchParams.get('subject')}`, 'Message-ID: <unsub-dave@readers-mail.net>', '', 'Sent by my mail program.', ''].join('\r\n'));
    // Erin is away: her vacation responder answers the envelope sender, the VERP address.
    await submit('', returnPath(erinCopy!.source), [`From: Erin <${reader('erin').user}>`, `To: ${returnPath(erinCopy!.source)}`, 'Subject: Out of office', 'Auto-Submitted: auto-replied', 'Message-ID: <ooo-erin@readers-mail.net>', '', 'Back on Monday.', ''].join('\r\n'));
    await inbox(BOX, 6);

    const read = await runCli(['mailbox'], dir, env);
    expect(read.stderr).toBe('');
    expect(read.code).toBe(0);
    const suppressed = async () =>
      Object.fromEntries(
        (await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8'))
          .trim()
          .split('\n')
          .slice(1)
          .map((row) => row.split(',').slice(0, 2)),
      );
    expect(await suppressed()).toEqual({
      'ghost1@readers-mail.net': 'bounced-hard',
      'ghost2@readers-mail.net': 'bounced-hard',
      'carol@readers-mail.net': 'complained',
      'dave@readers-mail.net': 'unsubscribed',
    });
    expect(read.stdout).toMatch(/soft bounce +full@readers-mail.net \(4\.2\.2, mailboxfull, 2024-W10\): 1 in a row, not yet suppressed/);
    const left = await dovecot.messages(BOX);
    expect(left.map((m) => /^Subject: (.*)$/m.exec(m.source)?.[1])).toEqual(['Out of office']);
    expect(await dovecot.messages(BOX, 'watch-digest-processed')).toHaveLength(5);

    // Again: nothing changes.
    const files = async () => Promise.all(['unsubscribed.csv', 'mailbox-log.jsonl'].map((f) => readFile(path.join(dir, f), 'utf8')));
    const before = await files();
    const again = await runCli(['mailbox'], dir, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 address(es) added');
    expect(await files()).toEqual(before);

    // The next issue skips them; the full mailbox bounces a second time in a row and is suppressed.
    expect((await runCli(['compose', '--week', '2024-W11'], dir)).code).toBe(0);
    const next = await runCli(['send', '--week', '2024-W11', '--yes'], dir, env);
    expect(next.stdout).toContain('2024-W11: 4 sent, 0 failed, 0 deferred; skipped 4 unsubscribed');
    const ledger = (await readFile(path.join(dir, 'digests/2024-W11/sends.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).email).sort();
    expect(ledger).toEqual(['alice@readers-mail.net', 'erin@readers-mail.net', 'frank@readers-mail.net', 'full@readers-mail.net']);
    await postfix.drained();
    await inbox(BOX, 2);
    const third = await runCli(['mailbox'], dir, env);
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/soft bounce +full@readers-mail.net \(4\.2\.2, mailboxfull, 2024-W11\): suppressed/);
    expect((await suppressed())['full@readers-mail.net']).toBe('bounced-soft');

    // status shows what came back for each week, and warns past the providers' thresholds.
    const status = await runCli(['status', '--week', '2024-W10'], dir);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Returned (from `watch-digest mailbox`): 2 hard bounce(s) (25.00%), 1 soft, 1 complaint(s) (12.50%)');
    expect(status.stderr).toContain('warning: complaint rate 12.50% is above the 0.3% Gmail and Yahoo enforce');
    expect(status.stderr).toContain('warning: hard-bounce rate 25.00% is at or above 5%');
    expect(JSON.parse((await runCli(['status', '--week', '2024-W11', '--json'], dir)).stdout).feedback).toMatchObject({ hardBounced: 0, softBounced: 1, complained: 0, complaintRate: 0 });
    expect(await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).toMatch(/full@readers-mail.net,bounced-soft,[^,]+,"2 soft bounces in a row, the last: 4\.2\.2/);
  }, 300_000);
});
