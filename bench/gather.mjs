// npm run bench (gather part): `watch-digest gather` over many feeds on loopback, as whole
// processes: cold (empty cache, every feed downloaded) and warm (the same day again: every feed
// answers 304), with peak RSS from GNU time. Goal: warm under 2 s. Then one feed of 30,000
// titles that differ only in a number (just under the default 5 MB limit): every entry is its
// own story, and folding must stay near-linear. Goal: under 5 s and 300 MB, cold. With
// BENCH_LARGEST=1, also a feed of the config's largest size (95 MB): time and memory stay bounded.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'bin', 'watch-digest.js');
const WEEK = '2024-W10';
const WARM_RUNS = Number(process.env.BENCH_RUNS ?? 5);

const origin = fork(path.join(root, 'bench', 'feed-origin.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const info = await new Promise((resolve) => origin.stdout.once('data', (d) => resolve(JSON.parse(d.toString()))));
const project = mkdtempSync(path.join(tmpdir(), 'watch-digest-gather-bench-'));
const similarProject = mkdtempSync(path.join(tmpdir(), 'watch-digest-gather-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One whole `watch-digest gather` process: seconds (wall clock and CPU) and peak RSS. */
function measure(cwd = project) {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, cli, 'gather', '--week', WEEK, '--json'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`gather failed: ${result.stderr}`);
  const summary = JSON.parse(result.stdout);
  const [, user, system] = /cpu_s=([\d.]+)\+([\d.]+)/.exec(result.stderr) ?? [];
  return { seconds, cpu: Number(user) + Number(system), rssMb: Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1]) / 1024, summary };
}

try {
  const sources = Array.from({ length: info.feeds }, (_, i) => ({
    outlet: `Outlet ${i}`,
    url: `http://127.0.0.1:${info.ports[i % info.ports.length]}/feed/${i}.xml`,
    ...(i % 5 === 0 ? { exclude: ['roka'] } : {}),
  }));
  writeFileSync(path.join(project, 'watch-digest.config.json'), JSON.stringify({ timeZone: 'Europe/Berlin', filters: { exclude: ['mite'] }, sources }));
  const cold = measure();
  const warm = Array.from({ length: WARM_RUNS }, () => measure());
  const node = median(Array.from({ length: 3 }, () => {
    const started = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    return (performance.now() - started) / 1000;
  }));
  const s = cold.summary;
  const sum = (key) => s.sources.reduce((n, source) => n + source[key], 0);
  const unchanged = warm.at(-1).summary.sources.filter((source) => source.status === 'unchanged').length;
  const inbox = readFileSync(path.join(project, 'digests', WEEK, 'inbox.md'));
  console.log(`gather ${WEEK}: ${info.feeds} RSS feeds x ${info.entries} entries (${(info.bytes / 1e6).toFixed(1)} MB) on ${info.ports.length} loopback sites, origin in its own process`);
  console.log(`  entries: ${sum('entries')}; in the week: ${sum('kept') + sum('filtered') + sum('used')}; filtered: ${sum('filtered')}; candidates after folding: ${s.candidates.length}; inbox ${(inbox.length / 1000).toFixed(0)} KB`);
  // CPU seconds too: on a shared machine the wall clock mostly measures the neighbours.
  console.log(`  cold (empty cache), whole process:  ${cold.seconds.toFixed(2)} s (CPU ${cold.cpu.toFixed(2)} s), peak RSS ${cold.rssMb.toFixed(0)} MB`);
  console.log(`  warm (all 304), median of ${WARM_RUNS}:      ${median(warm.map((r) => r.seconds)).toFixed(2)} s (CPU ${median(warm.map((r) => r.cpu)).toFixed(2)} s), peak RSS ${Math.max(...warm.map((r) => r.rssMb)).toFixed(0)} MB  (goal < 2 s; ${unchanged}/${info.feeds} unchanged)`);
  console.log(`  node -e 0, median of 3:             ${node.toFixed(2)} s; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);

  const similarUrl = `http://127.0.0.1:${info.ports[0]}/similar.xml`;
  writeFileSync(path.join(similarProject, 'watch-digest.config.json'), JSON.stringify({ timeZone: 'Europe/Berlin', sources: [{ outlet: 'Geneva Live', url: similarUrl }] }));
  const similarCold = measure(similarProject);
  const similarWarm = measure(similarProject);
  const kept = similarCold.summary.sources[0].kept;
  console.log(`gather ${WEEK}: one RSS feed of ${info.similar} titles differing only in a number (${(info.similarBytes / 1e6).toFixed(1)} MB)`);
  console.log(`  entries kept: ${kept}; candidates: ${similarCold.summary.candidates.length} (every update is its own story)`);
  console.log(`  cold, whole process:  ${similarCold.seconds.toFixed(2)} s (CPU ${similarCold.cpu.toFixed(2)} s), peak RSS ${similarCold.rssMb.toFixed(0)} MB  (goal < 5 s, < 300 MB)`);
  console.log(`  warm (304), whole process: ${similarWarm.seconds.toFixed(2)} s (CPU ${similarWarm.cpu.toFixed(2)} s), peak RSS ${similarWarm.rssMb.toFixed(0)} MB`);
  if (info.largest) {
    writeFileSync(
      path.join(similarProject, 'watch-digest.config.json'),
      JSON.stringify({ timeZone: 'Europe/Berlin', scrape: { maxMegabytes: 100, timeoutSeconds: 300 }, sources: [{ outlet: 'Geneva Live', url: similarUrl.replace('similar', 'largest') }] }),
    );
    const largest = measure(similarProject);
    const source = largest.summary.sources[0];
    console.log(`gather ${WEEK}: one RSS feed of ${info.largest} such titles (${(info.largestBytes / 1e6).toFixed(0)} MB, the config's largest): ${source.entries} entries listed, ${source.kept} kept`);
    console.log(`  cold, whole process:  ${largest.seconds.toFixed(2)} s (CPU ${largest.cpu.toFixed(2)} s), peak RSS ${largest.rssMb.toFixed(0)} MB`);
  }
} finally {
  origin.disconnect();
  origin.kill();
  rmSync(project, { recursive: true, force: true });
  rmSync(similarProject, { recursive: true, force: true });
}
