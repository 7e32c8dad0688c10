import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/send/unsubscribe-token.js';
import { CLI, cleanEnv, fixture, runCli, weekOf } from '../helpers/fixture.js';
import { startSmtpServer } from '../helpers/smtp.js';

const SECRET = 'test-secret-0123456789';
const WEEK = '2024-W10';

function subscribersCsv(count: number, extraRows: string[] = []): string {
  const rows = Array.from({ length: count }, (_, i) => `reader${i}@example.com,Reader ${i}`);
  return ['email,name', ...rows, ...extraRows].join('\n') + '\n';
}

async function composedProject(files: Record<string, string> = {}): Promise<string> {
  const dir = await fixture({
    ...weekOf(),
    'watch-digest.config.json': JSON.stringify({
      name: 'Diplomacy Watch',
      from: { name: 'Diplomacy Watch', address: 'news@example.org' },
      postalAddress: '1 Example Way',
      greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' },
      unsubscribe: { url: 'https://example.org/u?t={token}', mailto: 'unsubscribe@example.org' },
    }),
    'subscribers.csv': subscribersCsv(3),
    ...files,
  });
  const composed = await runCli(['compose', '--week', WEEK], dir);
  expect(composed.code).toBe(0);
  return dir;
}

const smtpEnv = (url: string, extra: NodeJS.ProcessEnv = {}) => ({ SMTP_URL: url, UNSUBSCRIBE_SECRET: SECRET, ...extra });

describe('watch-digest send over SMTP', () => {
  it('mails every subscriber exactly once, personalised, with one-click unsubscribe headers', async () => {
    const dir = await composedProject({ 'subscribers.csv': 'email,name\nada@example.com,Ada Lovelace\nnoname@example.com,\nyuki@example.com,佐藤 由紀\n' });
    const server = await startSmtpServer();
    const run = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
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
    expect(ada.from?.text).toBe('"Diplomacy Watch" <news@example.org>');
    expect(ada.html).toContain('Dear Ada Lovelace,');
    expect(ada.text).toContain('Dear Ada Lovelace,');
    expect(ada.messageId).toMatch(/^<[0-9a-f]{32}@example.org>$/);
    const header = (name: string) => ada.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');
    const [httpsPart, mailtoPart] = header('list-unsubscribe')!.split(', ');
    const unsubscribeUrl = httpsPart!.replace(/^<|>$/g, '');
    expect(unsubscribeUrl).toMatch(/^https:\/\/example.org\/u\?t=/);
    expect(verifyToken(new URL(unsubscribeUrl).searchParams.get('t')!, SECRET)).toBe('ada@example.com');
    // Opaque: neither the address nor its base64 can be read from the link.
    const token = new URL(unsubscribeUrl).searchParams.get('t')!;
    for (const readable of [token, Buffer.from(token.split('.')[0]!, 'base64url').toString('latin1')]) expect(readable.toLowerCase()).not.toContain('ada@');
    expect(mailtoPart).toMatch(/^<mailto:unsubscribe@example.org\?subject=unsubscribe%20[^>]+>$/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('list-id')).toBe('Diplomacy Watch <diplomacy-watch.example.org>');
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
    const again = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 sent, 0 failed, 0 deferred; skipped 3 already sent');
    expect(server.received).toHaveLength(3);
  });

  it('gives a retried message the same Message-ID and signs with DKIM when configured', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkim = { DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'wd', DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n') };
    expect((await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url, dkim))).code).toBe(0);
    const raw = server.received[0]!.raw;
    expect(raw).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example.org;/m);
    expect(raw).toMatch(/h=[^;]*List-Unsubscribe/i);

    const other = await composedProject();
    const second = await startSmtpServer();
    expect((await runCli(['send', '--week', WEEK, '--yes'], other, smtpEnv(second.url))).code).toBe(0);
    const ids = async (s: typeof server) => (await Promise.all(s.received.map((_, i) => s.parse(i)))).map((m) => m.messageId).sort();
    expect(await ids(second)).toEqual(await ids(server));
  });

  it('retries 451 replies and records 550 replies as failed, going on with the rest', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(4, ['gone@example.com,Gone']) });
    const server = await startSmtpServer({
      onRecipient: (address, attempt) => (address === 'gone@example.com' ? 550 : address === 'reader1@example.com' && attempt <= 2 ? 451 : undefined),
    });
    const run = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url, { WATCH_DIGEST_BACKOFF_MS: '10' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('4 sent, 1 failed, 0 deferred');
    expect(run.stderr).toMatch(/failed: gone@example.com: .*550/);
    expect(server.counts().get('reader1@example.com')).toBe(1);
    expect(server.counts().has('gone@example.com')).toBe(false);

    const status = await runCli(['status', '--week', WEEK], dir);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('2024-W10: 4 sent, 1 failed permanently, 0 pending, 0 unsubscribed');
    expect(status.stdout).toMatch(/ {2}gone@example.com: .*550/);

    // Re-running mails nobody again, and still reports the failure.
    const again = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('skipped 4 already sent, 1 failed before (--retry-failed to try again)');
    expect(server.received).toHaveLength(4);
  });

  it('records a connection lost after the message went out as unknown: never retried unless --retry-unknown', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(40) });
    const server = await startSmtpServer({ dropEvery: 7 });
    const run = await runCli(['send', '--week', WEEK, '--yes', '--connections', '3'], dir, smtpEnv(server.url, { WATCH_DIGEST_BACKOFF_MS: '10' }));
    const unknown = Number(/, (\d+) unknown/.exec(run.stdout)?.[1]);
    expect(unknown).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('have an unknown outcome');
    expect(run.stderr).toContain('--retry-unknown');
    // Nobody got a second copy: a message whose reply was lost is not sent again.
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    const delivered = server.counts().size;

    const status = await runCli(['status', '--week', WEEK], dir);
    expect(status.stdout).toContain(`, ${unknown} unknown, `);
    expect(status.stdout).toContain('--retry-unknown` mails them again');
    const again = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`${unknown} unknown before (--retry-unknown to mail them again)`);
    expect(server.counts().size).toBe(delivered);

    // The editor decides: these were not delivered (the test server drops without accepting), so mail them.
    const retry = await runCli(['send', '--week', WEEK, '--yes', '--retry-unknown', '--connections', '1'], dir, smtpEnv(server.url));
    expect(retry.stdout).toMatch(/\d+ sent/);
    const finalStatus = await runCli(['status', '--week', WEEK, '--json'], dir);
    const json = JSON.parse(finalStatus.stdout);
    expect(json.sent + json.unknown).toBe(40);
    expect(server.counts().size).toBe(json.sent);
  }, 120_000);

  it('after a SIGKILL, a re-run delivers everyone with at most the in-flight messages twice', async () => {
    const connections = 2;
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(60) });
    const server = await startSmtpServer({ delayMs: 15 });
    const child = spawn(process.execPath, [CLI, 'send', '--week', WEEK, '--yes', '--connections', String(connections)], { cwd: dir, env: cleanEnv(smtpEnv(server.url)) });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (server.received.length >= 15) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const beforeRerun = server.received.length;
    expect(beforeRerun).toBeLessThan(60);

    const rerun = await runCli(['send', '--week', WEEK, '--yes', '--connections', String(connections)], dir, smtpEnv(server.url));
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const counts = server.counts();
    expect(counts.size).toBe(60);
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    expect(duplicates).toBeLessThanOrEqual(connections * 4);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
  });

  it('stops cleanly on SIGTERM, recording the messages in flight, and resumes', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(40) });
    const server = await startSmtpServer({ delayMs: 20 });
    const child = spawn(process.execPath, [CLI, 'send', '--week', WEEK, '--yes'], { cwd: dir, env: cleanEnv(smtpEnv(server.url)) });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (server.received.length >= 5) {
          clearInterval(timer);
          child.kill('SIGTERM');
          resolve();
        }
      }, 5);
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Interrupted: the messages in flight were recorded. Run the same command again to resume');
    const ledger = (await readFile(path.join(dir, 'digests', WEEK, 'sends.jsonl'), 'utf8')).trim().split('\n');
    expect(ledger.length).toBe(server.received.length);
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.lock'))).toBe(false);

    const rerun = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(rerun.code).toBe(0);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    expect(server.counts().size).toBe(40);
  });

  it('refuses a second send of the same week while one runs, and takes over a stale lock', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const server = await startSmtpServer({ delayMs: 30 });
    const first = runCli(['send', '--week', WEEK, '--yes', '--connections', '1'], dir, smtpEnv(server.url));
    const lock = path.join(dir, 'digests', WEEK, 'sends.lock');
    while (!existsSync(lock)) await new Promise((r) => setTimeout(r, 10));
    const second = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^error: digests\/2024-W10\/sends.lock: another send of this week is running \(pid \d+/);
    expect((await first).code).toBe(0);
    expect(server.received).toHaveLength(30);

    const stale = await composedProject();
    const { hostname } = await import('node:os');
    await writeFile(path.join(stale, 'digests', WEEK, 'sends.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2024-01-01' }));
    const server2 = await startSmtpServer();
    expect((await runCli(['send', '--week', WEEK, '--yes'], stale, smtpEnv(server2.url))).code).toBe(0);
  });

  it('skips invalid rows (with line numbers), duplicates and unsubscribed addresses; --strict fails instead', async () => {
    const csv = 'email,name\nok@example.com,OK\nnot-an-address,Bad\nOK@Example.com,Duplicate\n,Empty\nleft@example.com,Left\nlast@example.com,Last\n';
    const dir = await composedProject({ 'subscribers.csv': csv, 'unsubscribed.csv': 'email\nleft@example.com\n' });
    const server = await startSmtpServer();
    const run = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: subscribers.csv:3: "not-an-address" is not a valid email address');
    expect(run.stderr).toContain('warning: subscribers.csv:4: OK@Example.com is listed again; sending once');
    expect(run.stderr).toContain('warning: subscribers.csv:5: no email address');
    expect(run.stdout).toContain('2 sent, 0 failed, 0 deferred; skipped 1 unsubscribed');
    expect([...server.counts().keys()].sort()).toEqual(['last@example.com', 'ok@example.com']);

    const strict = await runCli(['send', '--week', WEEK, '--yes', '--strict'], await composedProject({ 'subscribers.csv': csv }), smtpEnv(server.url));
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('error: subscribers.csv:3: "not-an-address" is not a valid email address');
  });

  it('keeps line breaks in subscriber data out of the headers', async () => {
    const csv = 'email,name\nvictim@example.com,"Eve\r\nBcc: attacker@example.net\r\nX-Injected: yes"\n';
    const dir = await composedProject({ 'subscribers.csv': csv });
    const server = await startSmtpServer();
    expect((await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
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
    const run = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(url));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot use the SMTP server smtp:\/\/editor@127.0.0.1:\d+: .*535/);
    expect(run.stderr).toContain('hint: Check the user name and password');
    expect(run.stderr + run.stdout).not.toContain('wrong-pa');
    expect(server.received).toHaveLength(0);

    const ok = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(`smtp://editor:right-password@127.0.0.1:${server.port}`));
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).not.toContain('right-password');
  });

  it('requires --yes when not on a terminal, and UNSUBSCRIBE_SECRET for a real send', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const noYes = await runCli(['send', '--week', WEEK], dir, smtpEnv(server.url));
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('not on a terminal');
    expect(noYes.stderr).toContain('Pass --yes');
    const noSecret = await runCli(['send', '--week', WEEK, '--yes'], dir, { SMTP_URL: server.url });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('error: UNSUBSCRIBE_SECRET is not set');
    expect(server.received).toHaveLength(0);
  });

  it('sends a [TEST] copy with --to, and only lists recipients with --dry-run', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const test = await runCli(['send', '--week', WEEK, '--to', 'editor@example.com'], dir, smtpEnv(server.url));
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('Sent a [TEST] copy of 2024-W10 to editor@example.com');
    expect((await server.parse(0)).subject).toBe('[TEST] Diplomacy Watch: Talks resume');
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.jsonl'))).toBe(false);

    const dry = await runCli(['send', '--week', WEEK, '--dry-run'], dir, smtpEnv(server.url));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would send to Reader 0 <reader0@example.com>');
    expect(dry.stdout.match(/would send to/g)).toHaveLength(3);
    expect(server.received).toHaveLength(1);
  });

  it('refuses to go on with a recomposed issue unless --allow-changed', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(3) });
    const server = await startSmtpServer();
    expect((await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    await writeFile(path.join(dir, 'subscribers.csv'), subscribersCsv(5));
    await writeFile(path.join(dir, 'digests', 'state.md'), '---\nkind: state-dept\ndate: 2024-03-06\n---\nA briefing was held after all.\n');
    // compose keeps the build the ledger refers to...
    const issueHtml = path.join(dir, 'digests', WEEK, 'issue.html');
    const sentBuild = await readFile(issueHtml, 'utf8');
    const kept = await runCli(['compose', '--week', WEEK], dir);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('error: digests/2024-W10: sending 2024-W10 has begun (3 subscriber(s) mailed');
    expect(kept.stderr).toContain('--allow-changed');
    expect(await readFile(issueHtml, 'utf8')).toBe(sentBuild);
    // ...so the rest of the list gets the same issue.
    const rest = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(rest.stdout).toContain('2 sent');
    await writeFile(path.join(dir, 'subscribers.csv'), subscribersCsv(7));
    // Replacing it takes --allow-changed twice: compose, then send.
    expect((await runCli(['compose', '--week', WEEK, '--allow-changed'], dir)).code).toBe(0);
    expect(await readFile(issueHtml, 'utf8')).not.toBe(sentBuild);
    const refused = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('was recomposed after sending began');
    const allowed = await runCli(['send', '--week', WEEK, '--yes', '--allow-changed'], dir, smtpEnv(server.url));
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('2 sent');
    expect(server.received).toHaveLength(7);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
  }, 120_000);

  it('splits a list into shards that together mail everyone once', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const server = await startSmtpServer();
    for (const shard of ['1/3', '2/3', '3/3']) {
      expect((await runCli(['send', '--week', WEEK, '--yes', '--shard', shard], dir, smtpEnv(server.url))).code).toBe(0);
    }
    expect(server.counts().size).toBe(30);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    expect((await readdir(path.join(dir, 'digests', WEEK))).filter((f) => f.startsWith('sends')).sort()).toEqual([
      'sends.shard-1-of-3.jsonl',
      'sends.shard-2-of-3.jsonl',
      'sends.shard-3-of-3.jsonl',
    ]);
    const status = await runCli(['status', '--week', WEEK], dir);
    expect(status.stdout).toContain('30 sent, 0 failed permanently, 0 pending');
    const bad = await runCli(['send', '--week', WEEK, '--yes', '--shard', '4/3'], dir, smtpEnv(server.url));
    expect(bad.code).toBe(2);
    const huge = await runCli(['send', '--week', WEEK, '--yes', '--shard', '1/99999999999999999999'], dir, smtpEnv(server.url));
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('expected I/N with 1 <= I <= N <= 1000');
  }, 120_000);

  it('honours every ledger of the week whatever the sharding, and status agrees', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const server = await startSmtpServer();
    expect((await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    for (const shard of ['1/2', '2/3', '3/3']) {
      const run = await runCli(['send', '--week', WEEK, '--yes', '--shard', shard], dir, smtpEnv(server.url));
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/0 sent, 0 failed, 0 deferred; skipped \d+ already sent/);
    }
    expect(server.received).toHaveLength(30);

    // Shards first, then a full send, then the shards of another split: each subscriber once.
    const other = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const second = await startSmtpServer();
    expect((await runCli(['send', '--week', WEEK, '--yes', '--shard', '1/2'], other, smtpEnv(second.url))).code).toBe(0);
    const firstHalf = second.received.length;
    const full = await runCli(['send', '--week', WEEK, '--yes'], other, smtpEnv(second.url));
    expect(full.stdout).toContain(`${30 - firstHalf} sent`);
    expect(full.stdout).toContain(`skipped ${firstHalf} already sent`);
    for (const shard of ['1/3', '2/3', '3/3']) await runCli(['send', '--week', WEEK, '--yes', '--shard', shard], other, smtpEnv(second.url));
    expect(second.counts().size).toBe(30);
    expect([...second.counts().values()].every((n) => n === 1)).toBe(true);
    const status = JSON.parse((await runCli(['status', '--week', WEEK, '--json'], other)).stdout);
    expect(status).toMatchObject({ sent: 30, pending: 0, ledgers: ['digests/2024-W10/sends.jsonl', 'digests/2024-W10/sends.shard-1-of-2.jsonl'] });
  }, 120_000);
});

describe('watch-digest send without SMTP settings', () => {
  it('writes one .eml per subscriber to the outbox and says nothing was sent', async () => {
    const dir = await composedProject();
    const run = await runCli(['send', '--week', WEEK], dir);
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
    const run = await runCli(['send', '--week', WEEK], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: subscribers.csv: subscriber file not found');
  });

  it('explains a week that was not composed', async () => {
    const dir = await fixture({ ...weekOf(), 'subscribers.csv': subscribersCsv(1) });
    const run = await runCli(['send', '--week', WEEK], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: digests/2024-W10: no built issue for 2024-W10');
    expect(run.stderr).toContain('hint: Run `watch-digest compose --week 2024-W10` first.');
  });
});

describe('watch-digest send when things go wrong', () => {
  it('refuses to send with a DKIM key that cannot sign, naming the variable but never the key; check says so too', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const body = pem.split('\n')[1]!;
    const broken = pem.replace(body, body.slice(0, 10) + '!!!!' + body.slice(14));
    const dkim = { DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'wd', DKIM_PRIVATE_KEY: broken };
    const run = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url, dkim));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: DKIM_PRIVATE_KEY is not a usable private key/);
    expect(run.stderr + run.stdout).not.toContain(body.slice(20, 40));
    expect(server.received).toHaveLength(0);
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.jsonl'))).toBe(false);

    const check = await runCli(['check', '--week', WEEK], dir, dkim);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/error +dkim-key: DKIM_PRIVATE_KEY is not a usable private key/);
    expect(check.stdout).not.toContain(body.slice(20, 40));
  }, 120_000);

  it('fails on an empty or header-only subscriber file instead of sending to nobody', async () => {
    const server = await startSmtpServer();
    for (const [csv, message] of [
      ['', 'subscribers.csv: no subscribers: the file is empty or has only its header row'],
      ['email,name\n', 'subscribers.csv: no subscribers: the file is empty or has only its header row'],
      ['email\nnot-an-address\n', 'subscribers.csv: no valid subscriber: all 1 row(s) were skipped'],
    ] as const) {
      const dir = await composedProject({ 'subscribers.csv': csv });
      for (const args of [['--yes'], ['--dry-run']]) {
        const run = await runCli(['send', '--week', WEEK, ...args], dir, smtpEnv(server.url));
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`error: ${message}`);
      }
    }
    expect(server.received).toHaveLength(0);
  }, 120_000);

  it('reports a damaged ledger line by number (status and send), never crashing', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(3) });
    const server = await startSmtpServer();
    expect((await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    const ledger = path.join(dir, 'digests', WEEK, 'sends.jsonl');
    await writeFile(ledger, (await readFile(ledger, 'utf8')).replace(/\n/, '\nnull\n'));
    const status = await runCli(['status', '--week', WEEK], dir);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('warning: digests/2024-W10/sends.jsonl:2: not a ledger record, ignored');
    expect(status.stdout).toContain('3 sent');
    const send = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(send.code).toBe(0);
    expect(send.stderr).toContain('warning: digests/2024-W10/sends.jsonl:2: not a ledger record, ignored');
    expect(server.received).toHaveLength(3);
  }, 120_000);

  it('stops at once when the ledger cannot grow (file size limit): the torn line is repaired and nobody is mailed twice', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const server = await startSmtpServer();
    // 2 KB of ledger: a few records, then a write cut short, as on a full disk.
    const limited = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', `ulimit -f 2 && exec "${process.execPath}" "${CLI}" send --week ${WEEK} --yes --connections 1`], { cwd: dir, env: cleanEnv(smtpEnv(server.url)) });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/^error: digests\/2024-W10\/sends.jsonl: cannot write the send ledger \((EFBIG: the file size limit was reached|only part of a line could be written)/m);
    expect(limited.stderr).not.toContain('unexpected error');
    expect(server.received.length).toBeLessThan(30);
    const ledger = path.join(dir, 'digests', WEEK, 'sends.jsonl');
    expect((await readFile(ledger, 'utf8')).endsWith('\n')).toBe(false);

    // What the run could not record it printed; appending it, as the error says, makes the ledger whole.
    const unrecorded = limited.stderr.split('\n').filter((line) => line.startsWith('  {')).map((line) => line.trim());
    await writeFile(ledger, (await readFile(ledger, 'utf8')) + '\n' + unrecorded.map((line) => line + '\n').join(''));
    const rerun = await runCli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(rerun.stderr).toMatch(/sends.jsonl:\d+: (a record cut short|not a ledger record)/);
    expect(rerun.code === 0 || rerun.stdout.includes('unknown before')).toBe(true);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    const status = JSON.parse((await runCli(['status', '--week', WEEK, '--json'], dir)).stdout);
    expect(status.sent + status.unknown).toBe(30);
    expect(server.counts().size).toBeGreaterThanOrEqual(status.sent);
  }, 120_000);

  it('stops on SIGTERM while still reading the list, and refuses /dev/zero as a list', async () => {
    const dir = await composedProject();
    const fifo = path.join(dir, 'endless.csv');
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error('mkfifo failed')))));
    const server = await startSmtpServer();
    const child = spawn(process.execPath, [CLI, 'send', '--week', WEEK, '--yes', '--subscribers', fifo], { cwd: dir, env: cleanEnv(smtpEnv(server.url)) });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A list that never ends: rows keep coming, the count never finishes.
    const { createWriteStream } = await import('node:fs');
    const writer = createWriteStream(fifo);
    writer.on('error', () => {}); // EPIPE once send has stopped reading: expected
    // Opening a FIFO for writing waits for its reader: once open, send is counting the list.
    await new Promise((resolve) => writer.once('open', resolve));
    writer.write('email\n');
    let row = 0;
    const feeding = setInterval(() => writer.write(`r${row++}@example.com\n`), 5);
    while (row < 50) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    clearInterval(feeding);
    writer.destroy();
    expect(code).toBe(1);
    expect(stderr).toContain('error: interrupted before sending began: nothing was sent');
    expect(server.received).toHaveLength(0);

    const zero = await runCli(['send', '--week', WEEK, '--yes', '--subscribers', '/dev/zero'], dir, smtpEnv(server.url));
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('error: /dev/zero:1: a row longer than 64 KB: this is not a subscriber CSV');
  });
});
