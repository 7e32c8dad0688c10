// npm run bench: how fast compose is, against the mjml CLI rendering the same MJML.
// Prints cold and warm in-process figures, whole-process medians, and the process/mjml-CLI ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const WEEK = '2023-W52';
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const out = mkdtempSync(path.join(tmpdir(), 'watch-digest-bench-'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const time = (fn) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

try {
  // 1. In process: the first compose pays for loading mjml and a cold JIT; later ones are warm.
  const { compose } = await import('../dist/compose.js');
  let start = performance.now();
  const first = await compose({ cwd: root, week: WEEK, out });
  const cold = performance.now() - start;
  const warm = [];
  for (let i = 0; i < 20; i++) {
    start = performance.now();
    await compose({ cwd: root, week: WEEK, out });
    warm.push(performance.now() - start);
  }
  const mjmlFile = path.join(out, 'issue.mjml');

  // 2. Whole processes, as a user or CI runs them.
  const cli = path.join(root, 'bin', 'watch-digest.js');
  const mjmlCli = path.join(root, 'node_modules', 'mjml', 'bin', 'mjml');
  const processRuns = [];
  const mjmlRuns = [];
  const nodeRuns = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved so that machine noise hits both sides alike.
    processRuns.push(time(() => execFileSync(process.execPath, [cli, 'compose', '--week', WEEK, '--out', out, '--quiet'], { cwd: root })));
    mjmlRuns.push(time(() => execFileSync(process.execPath, [mjmlCli, mjmlFile, '-o', path.join(out, 'mjml-cli.html')], { cwd: root })));
    nodeRuns.push(time(() => execFileSync(process.execPath, ['-e', '0'])));
  }

  const ratio = median(processRuns) / median(mjmlRuns);
  console.log(`compose ${WEEK} (sample issue, HTML ${(first.manifest.html.bytes / 1000).toFixed(1)} KB)`);
  console.log(`  in-process, cold first compose:     ${ms(cold)}`);
  console.log(`  in-process, warm median of 20:      ${ms(median(warm))}`);
  console.log(`  whole process, median of ${RUNS}:       ${ms(median(processRuns))}  (watch-digest compose)`);
  console.log(`  mjml CLI alone, median of ${RUNS}:      ${ms(median(mjmlRuns))}  (same issue.mjml)`);
  console.log(`  node -e 0, median of ${RUNS}:           ${ms(median(nodeRuns))}`);
  console.log(`  ratio compose process / mjml CLI:   ${ratio.toFixed(2)}  (goal <= 1.00)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
