import path from 'node:path';
import { EXIT } from '../shared/errors.js';
import type { GatherResult, SourceReport } from '../commands/gather.js';
import type { Output } from './output.js';
import { createProgress } from './progress.js';

export interface GatherFlags {
  week?: string | true;
  config?: string;
}

export async function gatherCommand(flags: GatherFlags, output: Output): Promise<number> {
  const { gather } = await import('../commands/gather.js');
  const cwd = process.cwd();
  let progress: ReturnType<typeof createProgress> | undefined;
  let result: GatherResult;
  try {
    result = await gather({
      cwd,
      ...(flags.config ? { configFile: flags.config } : {}),
      ...(typeof flags.week === 'string' ? { week: flags.week } : {}),
      onSource: (_report, _done, total) => {
        if (output.quiet) return;
        progress ??= createProgress(total, output);
        progress.tick(true);
      },
    });
  } finally {
    progress?.stop();
  }

  const shownFile = path.relative(cwd, result.file);

  if (output.json) {
    output.out(
      JSON.stringify({
        week: result.week.label,
        start: result.week.start,
        end: result.week.end,
        inbox: shownFile,
        written: result.written,
        allFailed: result.allFailed,
        candidates: result.candidates,
        sources: result.sources,
      }),
    );
  } else if (!output.quiet) {
    printSummary(result, shownFile, output);
  }
  for (const source of result.sources.filter((s) => s.status === 'failed')) {
    const fallback = source.stale ? ' Its entries from the last successful gather are used.' : '';
    output.err(`${result.allFailed ? 'error' : 'warning'}: source "${source.outlet}" failed: ${source.error?.message.replace(/\.$/, '')}.${fallback}${source.error?.hint ? ` ${source.error.hint}` : ''}`);
  }
  for (const source of result.sources) for (const note of source.notes) output.err(`warning: source "${source.outlet}": ${note}`);
  if (result.allFailed) {
    output.err(`error: every source failed; nothing was gathered${result.inboxExists ? ` and ${shownFile} was left as it was` : ', and no inbox was written'}.`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

function printSummary(result: GatherResult, shownFile: string, output: Output): void {
  const { week, sources, candidates } = result;
  const count = (status: SourceReport['status']) => sources.filter((s) => s.status === status).length;
  output.out(
    `Gathered ${week.label} (${week.start} to ${week.end}) from ${plural(sources.length, 'source')}: ${count('fetched')} fetched, ${count('unchanged')} unchanged, ${count('failed')} failed`,
  );
  const width = Math.min(28, Math.max(...sources.map((s) => s.outlet.length)));
  for (const source of sources) output.out(`  ${source.outlet.padEnd(width)}  ${describe(source)}`);
  if (result.allFailed) return;
  const notes = candidates.filter((c) => c.kind === 'state-dept').length;
  const stories = candidates.length - notes;
  const what = `${plural(stories, 'candidate')}${notes ? ` and the State Department note` : ''}`;
  output.out(result.written ? `Wrote ${shownFile}: ${what}` : `${shownFile} is up to date: ${what}`);
  if (candidates.length) output.out('Next: read it, then `watch-digest pick <numbers> --as news` (or `watch-digest pick` on a terminal).');
}

/** "24 entries: 5 kept, 2 filtered, 1 already used, 16 outside the week" */
function describe(source: SourceReport): string {
  if (source.status === 'failed' && !source.stale) return 'failed (see below)';
  const parts = [
    `${source.kept} kept`,
    source.filtered && `${source.filtered} filtered`,
    source.used && `${source.used} already used`,
    source.outsideWeek && `${source.outsideWeek} outside the week`,
    source.undated && `${source.undated} undated`,
    source.incomplete && `${source.incomplete} without link or title`,
  ].filter(Boolean);
  if (source.type === 'state-dept') {
    if (source.notes.some((n) => n.includes('already has'))) return `${plural(source.entries, 'entry', 'entries')}: the week's note is already written`;
    return `${plural(source.entries, 'entry', 'entries')}: ${plural(source.kept, 'briefing')} this week`;
  }
  const state = source.stale ? 'failed, last good copy: ' : source.status === 'unchanged' ? 'unchanged, ' : '';
  return `${state}${plural(source.entries, 'entry', 'entries')}: ${parts.join(', ')}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
