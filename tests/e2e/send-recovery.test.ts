import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { CLI, cleanEnv, runCli } from '../helpers/fixture.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { composedProject, smtpEnv, subscribersCsv, WEEK } from '../helpers/send-project.js';

describe('watch-digest send, interrupted and resumed', () => {
  it('after a SIGKILL, a re-run delivers everyone with at most the in-flight messages twice', async () => {
    const connections = 2;
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(60) });
    const server = await startSmtpServer({ delayMs: 15 });
    const child = spawn(process.execPath, [CLI, 'send', '--week', WEEK, '--yes', '--connections', String(connections)], { cwd: dir, env: cleanEnv(smtpEnv(server.url)) });
    await server.accepted(15);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const beforeRerun = server.received.length;
    expect(beforeRerun).toBeLessThan(60);

    const rerun = await cli(['send', '--week', WEEK, '--yes', '--connections', String(connections)], dir, smtpEnv(server.url));
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
    await server.accepted(5);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Interrupted: the messages in flight were recorded. Run the same command again to resume');
    const ledger = (await readFile(path.join(dir, 'digests', WEEK, 'sends.jsonl'), 'utf8')).trim().split('\n');
    expect(ledger.length).toBe(server.received.length);
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.lock'))).toBe(false);

    const rerun = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(rerun.code).toBe(0);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    expect(server.counts().size).toBe(40);
  });

  it('keeps stopping cleanly when the signals repeat (a CI cancel: SIGINT, then SIGTERM, forwarded twice)', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(40) });
    // Slow replies: messages sit on their connections while the signals arrive.
    const server = await startSmtpServer({ delayMs: 400 });
    const child = spawn(process.execPath, [CLI, 'send', '--week', WEEK, '--yes'], { cwd: dir, env: cleanEnv(smtpEnv(server.url)) });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    while (server.received.length < 2) await new Promise((r) => setTimeout(r, 10));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGTERM'] as const) {
      child.kill(signal);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await exit).toBe(1);
    expect(stderr).toContain('SIGTERM: already stopping');
    expect(stderr).toContain('Interrupted: the messages in flight were recorded');
    const ledger = (await readFile(path.join(dir, 'digests', WEEK, 'sends.jsonl'), 'utf8')).trim().split('\n');
    expect(ledger.length).toBe(server.received.length);
    expect(server.received.length).toBeLessThan(40);
  });

  it('treats a stop during the SMTP check, the lock check or the ledger opening as an interruption: nothing sent, not "0 sent"', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const controller = new AbortController();
    const { sendIssue } = await import('../../src/commands/send.js');
    // onStart runs after the SMTP and lock checks, just before the ledger is opened.
    const sending = sendIssue({ cwd: dir, week: WEEK, env: smtpEnv(server.url), signal: controller.signal, onStart: () => controller.abort() });
    await expect(sending).rejects.toThrow('interrupted before sending began: nothing was sent');
    expect(server.received).toHaveLength(0);
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.lock'))).toBe(false);
  });

  it('refuses a second send of the same week while one runs, and takes over a stale lock', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const server = await startSmtpServer({ delayMs: 30 });
    // Two sends at once: two processes (the one in flight holds the lock).
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
    expect((await cli(['send', '--week', WEEK, '--yes'], stale, smtpEnv(server2.url))).code).toBe(0);
  });

  it('refuses to go on with a recomposed issue unless --allow-changed', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(3) });
    const server = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    await writeFile(path.join(dir, 'subscribers.csv'), subscribersCsv(5));
    await writeFile(path.join(dir, 'digests', 'state.md'), '---\nkind: state-dept\ndate: 2024-03-06\n---\nA briefing was held after all.\n');
    // compose keeps the build the ledger refers to...
    const issueHtml = path.join(dir, 'digests', WEEK, 'issue.html');
    const sentBuild = await readFile(issueHtml, 'utf8');
    const kept = await cli(['compose', '--week', WEEK], dir);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('error: digests/2024-W10: sending 2024-W10 has begun (3 subscriber(s) mailed');
    expect(kept.stderr).toContain('--allow-changed');
    expect(await readFile(issueHtml, 'utf8')).toBe(sentBuild);
    // ...so the rest of the list gets the same issue.
    const rest = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(rest.stdout).toContain('2 sent');
    await writeFile(path.join(dir, 'subscribers.csv'), subscribersCsv(7));
    // Replacing it takes --allow-changed twice: compose, then send.
    expect((await cli(['compose', '--week', WEEK, '--allow-changed'], dir)).code).toBe(0);
    expect(await readFile(issueHtml, 'utf8')).not.toBe(sentBuild);
    const refused = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('was recomposed after sending began');
    const allowed = await cli(['send', '--week', WEEK, '--yes', '--allow-changed'], dir, smtpEnv(server.url));
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('2 sent');
    expect(server.received).toHaveLength(7);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
  }, 120_000);

  it('splits a list into shards that together mail everyone once', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const server = await startSmtpServer();
    for (const shard of ['1/3', '2/3', '3/3']) {
      expect((await cli(['send', '--week', WEEK, '--yes', '--shard', shard], dir, smtpEnv(server.url))).code).toBe(0);
    }
    expect(server.counts().size).toBe(30);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    expect((await readdir(path.join(dir, 'digests', WEEK))).filter((f) => f.startsWith('sends')).sort()).toEqual([
      'sends.shard-1-of-3.jsonl',
      'sends.shard-2-of-3.jsonl',
      'sends.shard-3-of-3.jsonl',
    ]);
    const status = await cli(['status', '--week', WEEK], dir);
    expect(status.stdout).toContain('30 sent, 0 failed permanently, 0 pending');
    const bad = await cli(['send', '--week', WEEK, '--yes', '--shard', '4/3'], dir, smtpEnv(server.url));
    expect(bad.code).toBe(2);
    const huge = await cli(['send', '--week', WEEK, '--yes', '--shard', '1/99999999999999999999'], dir, smtpEnv(server.url));
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('expected I/N with 1 <= I <= N <= 1000');
  }, 120_000);

  it('honours every ledger of the week whatever the sharding, and status agrees', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const server = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    for (const shard of ['1/2', '2/3', '3/3']) {
      const run = await cli(['send', '--week', WEEK, '--yes', '--shard', shard], dir, smtpEnv(server.url));
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/0 sent, 0 failed, 0 deferred; skipped \d+ already sent/);
    }
    expect(server.received).toHaveLength(30);

    // Shards first, then a full send, then the shards of another split: each subscriber once.
    const other = await composedProject({ 'subscribers.csv': subscribersCsv(30) });
    const second = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes', '--shard', '1/2'], other, smtpEnv(second.url))).code).toBe(0);
    const firstHalf = second.received.length;
    const full = await cli(['send', '--week', WEEK, '--yes'], other, smtpEnv(second.url));
    expect(full.stdout).toContain(`${30 - firstHalf} sent`);
    expect(full.stdout).toContain(`skipped ${firstHalf} already sent`);
    for (const shard of ['1/3', '2/3', '3/3']) await cli(['send', '--week', WEEK, '--yes', '--shard', shard], other, smtpEnv(second.url));
    expect(second.counts().size).toBe(30);
    expect([...second.counts().values()].every((n) => n === 1)).toBe(true);
    const status = JSON.parse((await cli(['status', '--week', WEEK, '--json'], other)).stdout);
    expect(status).toMatchObject({ sent: 30, pending: 0, ledgers: ['digests/2024-W10/sends.jsonl', 'digests/2024-W10/sends.shard-1-of-2.jsonl'] });
  }, 120_000);
});
describe('watch-digest send when things go wrong', () => {
  it('refuses to send with a DKIM key that cannot sign, naming the variable but never the key; check says so too', async () => {
    const dir = await composedProject();
    const server = await startSmtpServer();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const body = pem.split('\n')[1]!;
    const broken = pem.replace(body, body.slice(0, 10) + '!!!!' + body.slice(14));
    const dkim = { DKIM_DOMAIN: 'diplomacy-watch.net', DKIM_SELECTOR: 'wd', DKIM_PRIVATE_KEY: broken };
    const run = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url, dkim));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: DKIM_PRIVATE_KEY is not a usable private key/);
    expect(run.stderr + run.stdout).not.toContain(body.slice(20, 40));
    expect(server.received).toHaveLength(0);
    expect(existsSync(path.join(dir, 'digests', WEEK, 'sends.jsonl'))).toBe(false);

    const check = await cli(['check', '--week', WEEK], dir, dkim);
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
        const run = await cli(['send', '--week', WEEK, ...args], dir, smtpEnv(server.url));
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`error: ${message}`);
      }
    }
    expect(server.received).toHaveLength(0);
  }, 120_000);

  it('reports a damaged ledger line by number (status and send), never crashing', async () => {
    const dir = await composedProject({ 'subscribers.csv': subscribersCsv(3) });
    const server = await startSmtpServer();
    expect((await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url))).code).toBe(0);
    const ledger = path.join(dir, 'digests', WEEK, 'sends.jsonl');
    await writeFile(ledger, (await readFile(ledger, 'utf8')).replace(/\n/, '\nnull\n'));
    const status = await cli(['status', '--week', WEEK], dir);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('warning: digests/2024-W10/sends.jsonl:2: not a ledger record, ignored');
    expect(status.stdout).toContain('3 sent');
    const send = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
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
    const rerun = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(rerun.stderr).toMatch(/sends.jsonl:\d+: (a record cut short|not a ledger record)/);
    expect(rerun.code === 0 || rerun.stdout.includes('unknown before')).toBe(true);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    const status = JSON.parse((await cli(['status', '--week', WEEK, '--json'], dir)).stdout);
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

    const zero = await cli(['send', '--week', WEEK, '--yes', '--subscribers', '/dev/zero'], dir, smtpEnv(server.url));
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('error: /dev/zero: not UTF-8 text (line 1 has a NUL byte: this is a binary file, or text saved as UTF-16)');
  });
});
