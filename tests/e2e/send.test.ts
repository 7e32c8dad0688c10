import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/audience/unsubscribe-token.js';
import { cli } from '../helpers/cli.js';
import { fixture, weekOf } from '../helpers/fixture.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { composedProject, SECRET, smtpEnv, subscribersCsv, WEEK } from '../helpers/send-project.js';

describe('watch-digest send over SMTP', () => {
  it('mails every subscriber exactly once, personalised, with one-click unsubscribe headers', async () => {
    const dir = await composedProject({ 'subscribers.csv': 'email,name\nada@example.com,Ada Lovelace\nnoname@example.com,\nyuki@example.com,佐藤 由紀\n' });
    const server = await startSmtpServer();
    const run = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2024-W10: 3 sent, 0 failed, 0 deferred');
    expect([...server.counts()].sort()).toEqual([
      ['ada@example.com', 1],
      ['noname@example.com', 1],
      ['yuki@example.com', 1],
    ]);

    const byRecipient = new Map(await Promise.all(server.received.map(async (m, i) => [m.envelopeTo[0]!, await server.parse(i)] as const)));
    const ada = byRecipient.get('ada@example.com')!;
    expect(ada.subject).toBe('Diplomacy Watch: Talks resume');
    expect(ada.to && 'text' in ada.to ? ada.to.text : '').toBe('"Ada Lovelace" <ada@example.com>');
    expect(ada.from?.text).toBe('"Diplomacy Watch" <news@diplomacy-watch.net>');
    expect(ada.html).toContain('Dear Ada Lovelace,');
    expect(ada.text).toContain('Dear Ada Lovelace,');
    expect(ada.messageId).toMatch(/^<[0-9a-f]{32}@diplomacy-watch.net>$/);
    const header = (name: string) => ada.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');
    const [httpsPart, mailtoPart] = header('list-unsubscribe')!.split(', ');
    const unsubscribeUrl = httpsPart!.replace(/^<|>$/g, '');
    expect(unsubscribeUrl).toMatch(/^https:\/\/diplomacy-watch.net\/u\?t=/);
    expect(verifyToken(new URL(unsubscribeUrl).searchParams.get('t')!, SECRET)).toBe('ada@example.com');
    // Opaque: neither the address nor its base64 can be read from the link.
    const token = new URL(unsubscribeUrl).searchParams.get('t')!;
    for (const readable of [token, Buffer.from(token.split('.')[0]!, 'base64url').toString('latin1')]) expect(readable.toLowerCase()).not.toContain('ada@');
    expect(mailtoPart).toMatch(/^<mailto:unsubscribe@diplomacy-watch.net\?subject=unsubscribe%20[^>]+>$/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('list-id')).toBe('Diplomacy Watch <diplomacy-watch.diplomacy-watch.net>');
    // The same link is visible in the footer of both parts.
    expect(ada.html).toContain(`href="${unsubscribeUrl.replaceAll('&', '&amp;')}"`);
    expect(ada.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);
    expect(ada.html).not.toContain('%%');

    expect(byRecipient.get('noname@example.com')!.text).toContain('Dear reader,');
    const yuki = byRecipient.get('yuki@example.com')!;
    expect(yuki.to && 'text' in yuki.to ? yuki.to.text : '').toBe('"佐藤 由紀" <yuki@example.com>');
    expect(server.received.find((m) => m.envelopeTo[0] === 'yuki@example.com')!.raw).toMatch(/^To: =\?UTF-8\?Q\?/m);

    const ledger = (await readFile(path.join(dir, 'digests', WEEK, 'sends.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(ledger.map((e) => e.status)).toEqual(['sent', 'sent', 'sent']);
    expect(ledger[0].build).toBe(JSON.parse(await readFile(path.join(dir, 'digests', WEEK, 'issue.json'), 'utf8')).html.sha256);

    // A second run mails nobody.
    const again = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 sent, 0 failed, 0 deferred; skipped 3 already sent');
    expect(server.received).toHaveLength(3);
  });

  it('gives a retried message the same Message-ID and signs with DKIM when configured', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkim = { DKIM_DOMAIN: 'diplomacy-watch.net', DKIM_SELECTOR: 'wd', DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n') };
    expect((await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url, dkim))).code).toBe(0);
    const raw = server.received[0]!.raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(raw).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=diplomacy-watch.net;/m);
    expect(raw).toMatch(/h=[^;]*List-Unsubscribe/i);

    const other = await composedProject();
    const second = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes'], other, smtpEnv(second.url))).code).toBe(0);
    const ids = async (s: typeof server) => (await Promise.all(s.received.map((_, i) => s.parse(i)))).map((m) => m.messageId).sort();
    expect(await ids(second)).toEqual(await ids(server));
  });

  it('retries 451 replies and records 550 replies as failed, going on with the rest', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(4, ['gone@example.com,Gone']) });
    const server = await startSmtpServer({
      onRecipient: (address, attempt) => (address === 'gone@example.com' ? 550 : address === 'reader1@example.com' && attempt <= 2 ? 451 : undefined),
    });
    const run = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url, { WATCH_DIGEST_BACKOFF_MS: '10' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('4 sent, 1 failed, 0 deferred');
    expect(run.stderr).toMatch(/failed: gone@example.com: .*550/);
    expect(server.counts().get('reader1@example.com')).toBe(1);
    expect(server.counts().has('gone@example.com')).toBe(false);

    const status = await cli(['status', '--week', WEEK], dir);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('2024-W10: 4 sent, 1 failed permanently, 0 pending, 0 unsubscribed');
    expect(status.stdout).toMatch(/ {2}gone@example.com: .*550/);

    // Re-running mails nobody again, and still reports the failure.
    const again = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('skipped 4 already sent, 1 failed before (--retry-failed to try again)');
    expect(server.received).toHaveLength(4);
  });

  it('records a connection lost after the message went out as unknown: never retried unless --retry-unknown', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(40) });
    const server = await startSmtpServer({ dropEvery: 7 });
    const run = await cli(['send', '--week', WEEK, '--yes', '--connections', '3'], dir, smtpEnv(server.url, { WATCH_DIGEST_BACKOFF_MS: '10' }));
    const unknown = Number(/, (\d+) unknown/.exec(run.stdout)?.[1]);
    expect(unknown).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('have an unknown outcome');
    expect(run.stderr).toContain('--retry-unknown');
    // Nobody got a second copy: a message whose reply was lost is not sent again.
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    const delivered = server.counts().size;

    const status = await cli(['status', '--week', WEEK], dir);
    expect(status.stdout).toContain(`, ${unknown} unknown, `);
    expect(status.stdout).toContain('--retry-unknown` mails them again');
    const again = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`${unknown} unknown before (--retry-unknown to mail them again)`);
    expect(server.counts().size).toBe(delivered);

    // The editor decides: these were not delivered (the test server drops without accepting), so mail them.
    const retry = await cli(['send', '--week', WEEK, '--yes', '--retry-unknown', '--connections', '1'], dir, smtpEnv(server.url));
    expect(retry.stdout).toMatch(/\d+ sent/);
    const finalStatus = await cli(['status', '--week', WEEK, '--json'], dir);
    const json = JSON.parse(finalStatus.stdout);
    expect(json.sent + json.unknown).toBe(40);
    expect(server.counts().size).toBe(json.sent);
  }, 120_000);

  it('skips invalid rows (with line numbers), duplicates and unsubscribed addresses; --strict fails instead', async () => {
    const csv = 'email,name\nok@example.com,OK\nnot-an-address,Bad\nOK@Example.com,Duplicate\n,Empty\nleft@example.com,Left\nlast@example.com,Last\n';
    const dir = await composedProject({ 'subscribers.csv': csv, 'unsubscribed.csv': 'email\nleft@example.com\n' });
    const server = await startSmtpServer();
    const run = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: subscribers.csv:3: "not-an-address" is not a valid email address');
    expect(run.stderr).toContain('warning: subscribers.csv:4: OK@Example.com is listed again; sending once');
    expect(run.stderr).toContain('warning: subscribers.csv:5: no email address');
    expect(run.stdout).toContain('2 sent, 0 failed, 0 deferred; skipped 1 unsubscribed');
    expect([...server.counts().keys()].sort()).toEqual(['last@example.com', 'ok@example.com']);

    const strict = await cli(['send', '--week', WEEK, '--yes', '--strict'], await composedProject({ 'subscribers.csv': csv }), smtpEnv(server.url));
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('error: subscribers.csv:3: "not-an-address" is not a valid email address');
  });

  it('keeps line breaks in subscriber data out of the headers', async () => {
    const csv = 'email,name\nvictim@example.com,"Eve\r\nBcc: attacker@example.net\r\nX-Injected: yes"\n';
    const dir = await composedProject({ 'subscribers.csv': csv });
    const server = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.envelopeTo).toEqual(['victim@example.com']);
    const headerBlock = server.received[0]!.raw.split('\r\n\r\n')[0]!;
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(headerBlock).not.toMatch(/^X-Injected:/im);
    expect(headerBlock).toMatch(/^To: "Eve Bcc: attacker@example.net X-Injected: yes" <victim@example.com>$/m);
  });

  it('reports wrong credentials in one clear line, without the password', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer({ auth: { user: 'editor', pass: 'right-password' } });
    const url = `smtp://editor:${encodeURIComponent('wrong-pa$$word')}@127.0.0.1:${server.port}`;
    const run = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(url));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot use the SMTP server smtp:\/\/editor@127.0.0.1:\d+: .*535/);
    expect(run.stderr).toContain('hint: Check the user name and password');
    expect(run.stderr + run.stdout).not.toContain('wrong-pa');
    expect(server.received).toHaveLength(0);

    const ok = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(`smtp://editor:right-password@127.0.0.1:${server.port}`));
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).not.toContain('right-password');
  });

  it('requires --yes when not on a terminal, and UNSUBSCRIBE_SECRET for a real send', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const noYes = await cli(['send', '--week', WEEK], dir, smtpEnv(server.url));
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('not on a terminal');
    expect(noYes.stderr).toContain('Pass --yes');
    const noSecret = await cli(['send', '--week', WEEK, '--yes'], dir, { SMTP_URL: server.url });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('error: UNSUBSCRIBE_SECRET is not set');
    expect(server.received).toHaveLength(0);
  });

  it('sends a [TEST] copy with --to, and only lists recipients with --dry-run', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const test = await cli(['send', '--week', WEEK, '--to', 'editor@example.com'], dir, smtpEnv(server.url));
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('Sent a [TEST] copy of 2024-W10 to editor@example.com');
    expect((await server.parse(0)).subject).toBe('[TEST] Diplomacy Watch: Talks resume');
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.jsonl'))).toBe(false);

    const dry = await cli(['send', '--week', WEEK, '--dry-run'], dir, smtpEnv(server.url));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would send to Reader 0 <reader0@example.com>');
    expect(dry.stdout.match(/would send to/g)).toHaveLength(3);
    expect(server.received).toHaveLength(1);
  });

  it('a dry run exits 0 in text and JSON alike after earlier failures, and counts the unknown ones as skipped', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(5), 'unsubscribed.csv': 'email\nreader4@example.com\n' });
    const build = JSON.parse(await readFile(path.join(dir, 'digests', WEEK, 'issue.json'), 'utf8')).html.sha256;
    const line = (n: number, status: string) => JSON.stringify({ email: `reader${n}@example.com`, status, build, messageId: `<${n}@x>`, response: '-', attempts: 1, at: '2024-03-08T10:00:00.000Z' });
    await writeFile(path.join(dir, 'digests', WEEK, 'sends.jsonl'), [line(0, 'sent'), line(1, 'failed'), line(2, 'unknown')].join('\n') + '\n');
    const server = await startSmtpServer();

    const json = await cli(['send', '--week', WEEK, '--dry-run', '--json'], dir, smtpEnv(server.url));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: true, pending: 1, alreadySent: 1, failedBefore: 1, unknownBefore: 1, suppressed: 1, sent: 0 });
    const text = await cli(['send', '--week', WEEK, '--dry-run'], dir, smtpEnv(server.url));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('(4 subscriber(s) skipped: 1 already sent, 1 unsubscribed, 1 failed before (--retry-failed to try again), 1 unknown before (--retry-unknown to mail them again))');
    expect(server.received).toHaveLength(0);
    // A real run still says it is not complete.
    expect((await cli(['send', '--week', WEEK, '--yes', '--json'], dir, smtpEnv(server.url))).code).toBe(1);
    expect(server.counts()).toEqual(new Map([['reader3@example.com', 1]]));
  });

});

describe('watch-digest send without SMTP settings', () => {
  it('writes one .eml per subscriber to the outbox and says nothing was sent', async () => {
    const dir = await composedProject();
    const run = await cli(['send', '--week', WEEK], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 written to the outbox');
    expect(run.stdout).toContain('Nothing was sent');
    const outbox = path.join(dir, 'digests', WEEK, 'outbox');
    const files = (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(3);
    const parsed = await simpleParser(await readFile(path.join(outbox, files[0]!)));
    expect(parsed.subject).toBe('Diplomacy Watch: Talks resume');
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.jsonl'))).toBe(false);
  });

  it('explains a missing subscriber list', async () => {
    const dir = await composedProject();
    const { rm } = await import('node:fs/promises');
    await rm(path.join(dir, 'subscribers.csv'));
    const run = await cli(['send', '--week', WEEK], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: subscribers.csv: subscriber file not found');
  });

  it('explains a week that was not composed', async () => {
    const dir = await fixture({ ...weekOf(), 'subscribers.csv': subscribersCsv(1) });
    const run = await cli(['send', '--week', WEEK], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: digests/2024-W10: no built issue for 2024-W10');
    expect(run.stderr).toContain('hint: Run `watch-digest compose --week 2024-W10` first.');
  });
});
