// npm run bench (send part): personalised messages to a loopback SMTP server, against a raw
// pipelined SMTP client's rate on the same server as the ceiling; messages per second and peak RSS.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawSend } from './raw-smtp-client.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'watch-digest.js');
const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE_LIST ?? 100_000);
const CONNECTIONS = 5;
const WEEK = '2023-W52';

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
    env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}`, UNSUBSCRIBE_SECRET: 'bench-secret' },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`send failed: ${result.stderr}`);
  return { seconds, rssMb: Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1]) / 1024 };
}

try {
  for (const name of ['digests', 'templates', 'watch-digest.config.json']) cpSync(path.join(root, name), path.join(project, name), { recursive: true });
  execFileSync(process.execPath, [cli, 'compose', '--week', WEEK, '--quiet'], { cwd: project });
  // One test copy in the outbox is the exact message the ceiling client sends.
  execFileSync(process.execPath, [cli, 'send', '--week', WEEK, '--to', 'size@example.com', '--quiet'], { cwd: project, env: { ...process.env, SMTP_URL: '' } });
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
} finally {
  sink.kill();
  rmSync(project, { recursive: true, force: true });
}
