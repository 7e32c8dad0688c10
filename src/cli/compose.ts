import path from 'node:path';
import { GMAIL_CLIP_BYTES } from '../render/limits.js';
import type { Output } from './output.js';
import { formatKB } from './output.js';


export interface ComposeFlags {
  week?: string | true;
  out?: string;
  config?: string;
  refresh?: boolean;
  allowChanged?: boolean;
  strict?: boolean;
}

export async function composeCommand(flags: ComposeFlags, output: Output): Promise<number> {
  const { loadEngine } = await import('../engine/load-engine.js');
  const { engine, saveCodeCache } = await loadEngine(process.env);
  const cwd = process.cwd();
  const result = await engine.compose({
    cwd,
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(typeof flags.week === 'string' ? { week: flags.week } : {}),
    ...(flags.out ? { out: flags.out } : {}),
    refresh: Boolean(flags.refresh),
    allowChanged: Boolean(flags.allowChanged),
    strict: Boolean(flags.strict),
  });
  await saveCodeCache();
  const { manifest, week } = result;
  for (const warning of result.warnings) output.err(`warning: ${warning}`);
  if (result.otherWeeks.length > 0 && !output.json) {
    // Said once, apart: they never change this issue, and each is an error only when its own week is composed.
    output.err(`Files of other weeks (not in ${result.week.label}; compose their week to act on these):`);
    for (const warning of result.otherWeeks) output.err(`  warning: ${warning}`);
  }
  const share = manifest.html.bytes / GMAIL_CLIP_BYTES;

  if (output.json) {
    output.out(
      JSON.stringify({
        week: week.label,
        start: week.start,
        end: week.end,
        date: week.publishDate,
        dir: result.dir,
        files: result.files,
        subject: manifest.subject,
        preheader: manifest.preheader,
        htmlBytes: manifest.html.bytes,
        gmailClipBytes: GMAIL_CLIP_BYTES,
        sections: manifest.sections,
        warnings: result.warnings,
        otherWeeks: result.otherWeeks,
      }),
    );
    return 0;
  }
  if (output.quiet) return 0;
  const shownDir = path.relative(cwd, result.dir) || '.';
  const { sections } = manifest;
  output.out(`Composed ${week.label} (${week.start} to ${week.end}), dated ${week.publishDate}`);
  output.out(
    `  1 lead, ${sections.news} news bullet${sections.news === 1 ? '' : 's'}, ${sections.stateDept ? 'a' : 'no'} State Department note, ${sections.related} related read${sections.related === 1 ? '' : 's'}`,
  );
  output.out(`Subject: ${manifest.subject}`);
  output.out(`Wrote ${shownDir}${path.sep}`);
  for (const file of result.files) output.out(`  ${path.basename(file)}`);
  const verdict = share > 1 ? 'OVER the limit: Gmail will clip it' : share > 0.8 ? 'close to the limit' : 'fine';
  output.out(`HTML size ${formatKB(manifest.html.bytes)}: ${Math.round(share * 100)}% of Gmail's ~102 KB clipping limit (${verdict})`);
  return 0;
}
