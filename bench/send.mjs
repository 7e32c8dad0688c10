// npm run bench (send part): personalised messages to a loopback SMTP server, against a raw
// pipelined SMTP client's rate on the same server as the ceiling; messages per second and peak RSS;
// then a list of 1,000,000: peak RSS of --dry-run, of a send to the loopback server for a bounded
// time, and how long SIGTERM takes to stop a send while it counts the list and while it sends.
import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawSend } from './raw-smtp-client.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'watch-digest.js');
const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE_LIST ?? 100_000);
const MILLION = Number(process.env.BENCH_MILLION ?? 1_000_000);
const SEND_SECONDS = Number(process.env.BENCH_SEND_SECONDS ?? 30);
const CONNECTIONS = 5;
const WEEK = '2023-W52';
// A real send refuses reserved example domains and short secrets (issue 25's go-live checks): the
// bench sends the bundled sample with its example.org links and addresses moved to a real-looking
// domain (only a name: every message goes to the loopback sink).
const LIVE_DOMAIN = 'diplomacy-watch.net';
const SECRET = 'bench-unsubscribe-secret-0123456789abcdef';

const sink = fork(path.join(root, 'bench', 'smtp-sink.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const { port } = await new Promise((resolve) => sink.stdout.once('data', (d) => resolve(JSON.parse(d.toString()))));
const ask = (message) =>
  new Promise((resolve) => {
    sink.once('message', resolve);
    sink.send(message);
  });

const project = mkdtempSync(path.join(tmpdir(), 'watch-digest-send-bench-'));

/** One whole `watch-digest send` process to `count` subscribers: seconds and peak RSS (GNU time). */
function measure(count) {
  const rows = Array.from({ length: count }, (_, i) => `reader${i}@example.com,Reader ${i}`);
  writeFileSync(path.join(project, 'subscribers.csv'), `email,name\n${rows.join('\n')}\n`);
  rmSync(path.join(project, 'digests', WEEK, 'sends.jsonl'), { force: true });
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, cli, 'send', '--week', WEEK, '--yes', '--quiet', '--connections', String(CONNECTIONS)], {
    cwd: project,
    env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}`, UNSUBSCRIBE_SECRET: SECRET },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`send failed: ${result.stderr}`);
  return { seconds, rssMb: Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1]) / 1024 };
}

/** The copied sample with example.org replaced in its config and items, as an editor does before going live. */
function goLive(dir) {
  const files = ['watch-digest.config.json', ...readdirSync(path.join(dir, 'digests'), { recursive: true }).filter((f) => f.endsWith('.md')).map((f) => path.join('digests', f))];
  for (const file of files) {
    const full = path.join(dir, file);
    writeFileSync(full, readFileSync(full, 'utf8').replaceAll('example.org', LIVE_DOMAIN));
  }
}

/** Writes a subscriber list of `count` rows without holding it in memory. */
async function writeList(file, count) {
  const out = createWriteStream(file);
  out.write('email,name\n');
  for (let i = 0; i < count; i++) {
    if (!out.write(`reader${i}@example.com,Reader ${i}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

/** Peak RSS (VmHWM, MB) of a running process, polled until it exits. */
function watchPeak(child) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      if (kb) peak = Math.max(peak, kb / 1024);
    } catch {
      // exited between two polls
    }
  }, 50);
  const exited = new Promise((resolve) => child.on('exit', (code) => {
    clearInterval(timer);
    resolve(code);
  }));
  return { peak: () => peak, exited };
}

/** `watch-digest send` with `args` on the 1,000,000 list; `stopWhen` decides when to send SIGTERM. */
async function millionRun(args, stopWhen) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'send', '--week', WEEK, '--quiet', ...args], {
    cwd: project,
    env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}`, UNSUBSCRIBE_SECRET: SECRET },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const watch = watchPeak(child);
  let stopLatency;
  if (stopWhen) {
    const stopping = (async () => {
      await stopWhen(child, started);
      const signalled = performance.now();
      child.kill('SIGTERM');
      await watch.exited;
      stopLatency = (performance.now() - signalled) / 1000;
    })();
    await Promise.race([stopping, watch.exited]);
    await stopping.catch(() => {});
  }
  const code = await watch.exited;
  return { code, seconds: (performance.now() - started) / 1000, rssMb: watch.peak(), stopLatency, stderr };
}

try {
  for (const name of ['digests', 'templates', 'watch-digest.config.json']) cpSync(path.join(root, name), path.join(project, name), { recursive: true });
  goLive(project);
  execFileSync(process.execPath, [cli, 'compose', '--week', WEEK, '--quiet'], { cwd: project });
  // One test copy in the outbox is the exact message the ceiling client sends.
  execFileSync(process.execPath, [cli, 'send', '--week', WEEK, '--to', 'size@example.com', '--quiet'], { cwd: project, env: { ...process.env, SMTP_URL: '', UNSUBSCRIBE_SECRET: SECRET } });
  const outbox = path.join(project, 'digests', WEEK, 'outbox');
  const message = readFileSync(path.join(outbox, readdirSync(outbox)[0]), 'utf8');

  const ceiling = COUNT / (await rawSend({ port, connections: CONNECTIONS, count: COUNT, message })).seconds;
  await ask('reset');
  const run = measure(COUNT);
  const { accepted } = await ask('count');
  const rate = COUNT / run.seconds;
  console.log(`send ${WEEK}: ${COUNT} personalised messages of ${(Buffer.byteLength(message) / 1000).toFixed(1)} KB, ${CONNECTIONS} connections, loopback smtp-server in its own process`);
  console.log(`  raw pipelined SMTP client (ceiling):  ${ceiling.toFixed(0)} msg/s`);
  console.log(`  watch-digest send, whole process:     ${rate.toFixed(0)} msg/s = ${(rate / ceiling).toFixed(2)} of the ceiling (goal >= 0.50); server accepted ${accepted}`);
  console.log(`  peak RSS:                             ${run.rssMb.toFixed(0)} MB`);
  if (LARGE > 0) {
    const large = measure(LARGE);
    console.log(`  ${LARGE} subscribers:                 ${(LARGE / large.seconds).toFixed(0)} msg/s, peak RSS ${large.rssMb.toFixed(0)} MB (goal < 200 MB)`);
  }
  if (MILLION > 0) {
    await writeList(path.join(project, 'subscribers.csv'), MILLION);
    rmSync(path.join(project, 'digests', WEEK, 'sends.jsonl'), { force: true });
    console.log(`${MILLION} subscribers (goal: peak RSS < 200 MB in every phase, SIGTERM obeyed within 1-2 s):`);
    const dry = await millionRun(['--dry-run']);
    console.log(`  --dry-run, whole list:                 ${dry.seconds.toFixed(0)} s, peak RSS ${dry.rssMb.toFixed(0)} MB (exit ${dry.code})`);

    const counting = await millionRun(['--yes'], () => new Promise((resolve) => setTimeout(resolve, 3_000)));
    console.log(`  SIGTERM while counting the list:       stopped in ${counting.stopLatency?.toFixed(2)} s, peak RSS ${counting.rssMb.toFixed(0)} MB (exit ${counting.code})`);

    await ask('reset');
    const sending = await millionRun(['--yes', '--connections', String(CONNECTIONS)], async () => {
      // Let it count the list and send for SEND_SECONDS, then stop it as CI's cancel would.
      for (;;) {
        const { accepted } = await ask('count');
        if (accepted > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await new Promise((resolve) => setTimeout(resolve, SEND_SECONDS * 1000));
    });
    const { accepted: millionAccepted } = await ask('count');
    const ledgerLines = readFileSync(path.join(project, 'digests', WEEK, 'sends.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    console.log(`  send for ${SEND_SECONDS} s after counting:          ${millionAccepted} accepted, ${ledgerLines} in the ledger, peak RSS ${sending.rssMb.toFixed(0)} MB; SIGTERM obeyed in ${sending.stopLatency?.toFixed(2)} s (exit ${sending.code})`);

    const resumed = await millionRun(['--yes', '--dry-run']);
    console.log(`  --dry-run against that ledger:         ${resumed.seconds.toFixed(0)} s, peak RSS ${resumed.rssMb.toFixed(0)} MB`);
  }
} finally {
  sink.kill();
  rmSync(project, { recursive: true, force: true });
}
