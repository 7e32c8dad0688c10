// npm run bench: how fast compose starts and renders, against the mjml CLI rendering the same MJML.
// Whole processes, as a user or CI runs them, in interleaved rounds (machine noise hits every
// candidate alike); medians and their ratio to the mjml CLI. On a copy of the sample project.
//   cold: no code cache (a fresh machine, CI, or the first compose after an install or upgrade)
//   warm: the code cache that the previous compose left; "warm, item edited" changes an item first,
//         as an editor does between two composes (the cache holds compiled code, not HTML, so
//         edits to items, templates or the config never make it miss).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const WEEK = '2023-W52';
const ROUNDS = Number(process.env.BENCH_RUNS ?? 11);
const work = mkdtempSync(path.join(tmpdir(), 'watch-digest-bench-'));
const project = path.join(work, 'project');
const cacheDir = path.join(work, 'code-cache');
const out = path.join(work, 'out');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/**
 * CPU time (user + system) of the children waited for so far, from /proc (Linux; clock ticks of
 * 10 ms): steadier than wall time on a shared machine, where waiting for a core inflates it.
 */
const childCpuMs = () => {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
};
const env = { ...process.env, WATCH_DIGEST_CACHE_DIR: cacheDir };
const cli = path.join(root, 'bin', 'watch-digest.js');
const node = (args) => execFileSync(process.execPath, args, { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
const compose = () => node([cli, 'compose', '--week', WEEK, '--out', out, '--quiet']);

try {
  // The sample project without its built files, so the original stays untouched.
  const built = /^digests[\\/](\.cache|[^\\/]+[\\/](issue\.\w+|sends.*|outbox))$/;
  for (const part of ['watch-digest.config.json', 'subscribers.csv', 'templates', 'digests']) {
    cpSync(path.join(root, part), path.join(project, part), { recursive: true, filter: (src) => !built.test(path.relative(root, src)) });
  }
  const item = path.join(project, 'digests', WEEK, 'news.md');
  const original = readFileSync(item, 'utf8');
  compose();
  const mjmlFile = path.join(out, 'issue.mjml');
  const htmlBytes = readFileSync(path.join(out, 'issue.html')).length;

  const mjmlCli = path.join(root, 'node_modules', 'mjml', 'bin', 'mjml');
  const candidates = [
    ['mjml CLI alone (same issue.mjml)', () => node([mjmlCli, mjmlFile, '-o', path.join(work, 'mjml-cli.html')])],
    ['compose, cold (no code cache)', () => {
      rmSync(cacheDir, { recursive: true, force: true });
      compose();
    }],
    ['compose, warm', compose],
    ['compose, warm, item edited', (round) => {
      writeFileSync(item, original.replace(/\n*$/, `\n\nAn edit made between composes, number ${round}.\n`));
      compose();
    }],
    ['watch-digest --help', () => node([cli, '--help'])],
    ['watch-digest --version', () => node([cli, '--version'])],
    ['watch-digest status (no render)', () => node([cli, 'status', '--week', WEEK])],
    ['node -e 0 (the floor)', () => node(['-e', '0'])],
  ];
  const times = candidates.map(() => []);
  const cpu = candidates.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    candidates.forEach(([, run], i) => {
      const [start, startCpu] = [performance.now(), childCpuMs()];
      run(round);
      times[i].push(performance.now() - start);
      cpu[i].push(childCpuMs() - startCpu);
    });
  }
  writeFileSync(item, original);

  const base = median(times[0]);
  const [fastestBase, cpuBase] = [Math.min(...times[0]), median(cpu[0])];
  console.log(`compose ${WEEK} (sample issue, HTML ${(htmlBytes / 1000).toFixed(1)} KB): whole processes, ${ROUNDS} interleaved rounds`);
  console.log(`  ${''.padEnd(36)} ${'median wall time'.padStart(22)}   ${'fastest run'.padStart(16)}   ${'median CPU time'.padStart(20)}`);
  const cell = (ms, ratio, width) => `${ms.toFixed(0).padStart(width - 13)} ms  ${ratio.toFixed(2)}x`;
  candidates.forEach(([name], i) => {
    const [m, fastest, c] = [median(times[i]), Math.min(...times[i]), median(cpu[i])];
    console.log(`  ${name.padEnd(36)} ${cell(m, m / base, 22)}   ${cell(fastest, fastest / fastestBase, 16)}   ${Number.isNaN(c) ? '' : cell(c, c / cpuBase, 20)}`);
  });
  console.log('  (ratios are to the mjml CLI in the same column)');
  const ratio = (i) => median(times[i]) / base;
  console.log(`  goals, median wall time: cold <= 1.00x (${ratio(1).toFixed(2)}), warm <= 0.75x (${ratio(2).toFixed(2)}, edited ${ratio(3).toFixed(2)}), --help/--version/status < 0.30x (${[4, 5, 6].map((i) => ratio(i).toFixed(2)).join(', ')})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
