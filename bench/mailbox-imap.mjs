// npm run bench (mailbox part, IMAP): `watch-digest mailbox` against Dovecot on loopback, on a
// mailbox of small messages (real-shaped bounces and complaints, and readers' replies, vacation
// notices and spam that stay) plus large readers' replies (10 MB attachments). Whole processes:
// time, peak RSS and the bytes the server sent, for the first run and for the second.
// BENCH_MAILBOX_SMALL (default 1,000) and BENCH_MAILBOX_LARGE (default 20) set the mailbox; the
// figures in docs/speed.md are for 5,000 and 200. Needs root or `sudo -n` (Dovecot with its own users).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'watch-digest.js');
const SMALL = Number(process.env.BENCH_MAILBOX_SMALL ?? 1_000);
const LARGE = Number(process.env.BENCH_MAILBOX_LARGE ?? 20);
const LARGE_BYTES = 10_000_000;
const BOX = { user: 'bounces@digest.test', pass: 'bench-box-pw' };

/** The test helpers (TypeScript) bundled for Node, next to node_modules so their imports resolve. */
async function loadHelpers() {
  const outdir = path.join(root, 'node_modules', '.cache', 'watch-digest-bench');
  const entryPoints = { dovecot: 'tests/helpers/dovecot-server.ts', proxy: 'tests/helpers/tcp-proxy.ts' };
  await build({ entryPoints, absWorkingDir: root, bundle: true, platform: 'node', format: 'esm', outdir, outExtension: { '.js': '.mjs' }, packages: 'external', logLevel: 'silent' });
  const load = (name) => import(pathToFileURL(path.join(outdir, `${name}.mjs`)).href);
  return { ...(await load('dovecot')), ...(await load('proxy')) };
}

const samplesDir = path.join(root, 'tests', 'fixtures', 'mail');
const templates = readdirSync(samplesDir)
  .filter((n) => n.endsWith('.eml'))
  .sort()
  .map((n) => readFileSync(path.join(samplesDir, n), 'latin1').replace('{{TOKEN}}', 'x'.repeat(40)));
const idOf = (i) => (i + 1).toString(16).padStart(32, '0');

/** Small message i: a sample with its ids made unique, so every bounce names its own recipient. */
function small(i) {
  const id = idOf(i);
  return templates[i % templates.length].replace(/([0-9a])\1{31}/g, id).replace(/^Message-I[dD]: .*$/m, `Message-ID: <bench-${i}@bench.test>`);
}

/** A reader's reply with a 10 MB attachment: not returned mail, so it stays in the mailbox. */
function largeMessages(count) {
  const attachment = randomBytes((LARGE_BYTES * 3) / 4).toString('base64').replace(/.{76}/g, '$&\r\n');
  const body = Buffer.from(`\r\n--b\r\nContent-Type: application/pdf; name="report.pdf"\r\nContent-Disposition: attachment; filename="report.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n--b--\r\n`);
  return Array.from({ length: count }, (_, i) =>
    Buffer.concat([
      Buffer.from(
        `From: Reader ${i} <reader${i}@readers.test>\r\nTo: bounces@digest.test\r\nSubject: Re: Diplomacy Watch, with the report I mentioned\r\nMessage-ID: <large-${i}@readers.test>\r\n` +
          `Date: Fri, 8 Mar 2024 12:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHere is the report, ${i}.\r\n`,
      ),
      body,
    ]),
  );
}

/** Large and small messages interleaved, as a year of Fridays leaves them. */
function* mailbox(large) {
  const every = Math.max(1, Math.floor(SMALL / Math.max(1, large.length)));
  let next = 0;
  for (let i = 0; i < SMALL; i++) {
    if (i % every === 0 && next < large.length) yield large[next++];
    yield small(i);
  }
  while (next < large.length) yield large[next++];
}

function project() {
  const dir = mkdtempSync(path.join(tmpdir(), 'watch-digest-mailbox-imap-bench-'));
  const config = { name: 'Diplomacy Watch', from: { address: 'news@digest.test' }, bounce: { address: 'bounces@digest.test', verp: true }, unsubscribe: { url: 'https://digest.test/u?t={token}', mailto: 'unsubscribe@digest.test' } };
  writeFileSync(path.join(dir, 'watch-digest.config.json'), JSON.stringify(config));
  mkdirSync(path.join(dir, 'digests', '2024-W10'), { recursive: true });
  const ledger = Array.from({ length: SMALL }, (_, i) => JSON.stringify({ email: `reader${i}@readers.test`, status: 'sent', build: 'b', messageId: `<${idOf(i)}@digest.test>`, response: '250 ok', attempts: 1, at: '2024-03-08T10:00:00.000Z' }));
  writeFileSync(path.join(dir, 'digests', '2024-W10', 'sends.jsonl'), ledger.join('\n') + '\n');
  writeFileSync(path.join(dir, 'subscribers.csv'), 'email\n' + Array.from({ length: SMALL }, (_, i) => `reader${i}@readers.test`).join('\n') + '\n');
  return dir;
}

/** One whole `watch-digest mailbox` process (not spawnSync: the relay counting bytes runs in this one). */
async function run(dir, imapUrl) {
  const started = performance.now();
  const result = await new Promise((resolve) =>
    execFile('/usr/bin/time', ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, cli, 'mailbox', '--json'], { cwd: dir, env: { ...process.env, IMAP_URL: imapUrl }, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ status: error ? error.code : 0, stdout, stderr }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const rssMb = Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1]) / 1024;
  const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN;
  let report = {};
  try {
    report = JSON.parse(result.stdout);
  } catch {
    console.log(`mailbox (IMAP): the run printed no report (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
  return { seconds, cpuSeconds, rssMb, report, code: result.status };
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
let helpers;
let dovecot;
try {
  helpers = await loadHelpers();
  dovecot = await helpers.startDovecotServer([BOX]);
} catch (error) {
  console.log(`mailbox (IMAP): skipped: Dovecot could not be started here (${String(error.message ?? error).split('\n')[0]})`);
}
if (dovecot) {
  const dir = project();
  const proxy = await helpers.startTcpProxy(dovecot.port);
  try {
    let started = performance.now();
    const delivered = await dovecot.deliver(BOX, mailbox(largeMessages(LARGE)));
    console.log(`mailbox (IMAP): ${delivered.toLocaleString('en')} messages (${SMALL.toLocaleString('en')} small, ${LARGE} of ${mb(LARGE_BYTES)}) delivered to Dovecot in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const imapUrl = `imap://${encodeURIComponent(BOX.user)}:${BOX.pass}@127.0.0.1:${proxy.port}`;
    for (const label of ['first run', 'second run']) {
      proxy.reset();
      const { seconds, cpuSeconds, rssMb, report, code } = await run(dir, imapUrl);
      const counts = [
        report.examined !== undefined ? `${report.examined} read` : '',
        report.skippedSeen !== undefined ? `${report.skippedSeen} skipped as seen` : '',
        report.actions ? `${report.actions.length} handled` : '',
        report.untouched ? `${report.untouched.length} left` : '',
      ].filter(Boolean);
      console.log(`mailbox (IMAP), ${label}: ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s), peak RSS ${rssMb.toFixed(0)} MB, ${mb(proxy.bytesFromServer())} from the server, exit ${code} (${counts.join(', ')})`);
    }
  } finally {
    await proxy.close();
    await dovecot.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
