import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../config/schema.js';
import { fetchSettings } from '../config/resolve.js';
import { docPage } from '../shared/doc-page.js';
import { openProject } from './open-project.js';
import { UserError } from '../shared/errors.js';
import { explainFileError } from '../shared/output-dir.js';
import type { Week } from '../shared/week.js';
import { hostLimiter } from '../gather/host-limit.js';
import { INBOX_FILE, numberCandidates, renderInbox, type InboxCandidate } from '../gather/inbox.js';
import { readSource } from '../gather/read-source.js';
import { classifySource, foldStories, type SourceReport } from '../gather/select-candidates.js';
import { resolveSources } from '../gather/sources.js';
import { topicMatcher } from '../gather/topic-filter.js';
import { scanDigests } from '../gather/used-urls.js';
import { exists } from '../shared/exists.js';

export type { SourceReport };

export interface GatherOptions {
  cwd: string;
  configFile?: string;
  week?: string;
  now?: Date;
  /** The network (tests pass their own). */
  fetch?: typeof globalThis.fetch;
  /** Called as each source is done, for progress. */
  onSource?: (report: SourceReport, done: number, total: number) => void;
  /** Requests at once to one host, and in all. */
  perHost?: number;
  concurrency?: number;
}

export interface GatherResult {
  week: Week;
  /** digests/<week>/inbox.md */
  file: string;
  /** False when the inbox already said exactly this, or when every source failed. */
  written: boolean;
  candidates: InboxCandidate[];
  sources: SourceReport[];
  /** Every source failed: nothing was gathered (the previous inbox, if any, is untouched). */
  allFailed: boolean;
  /** Whether an inbox from an earlier gather is there (what an all-failed run leaves). */
  inboxExists: boolean;
}

/**
 * The gather job: fetch every source (a few at a time, politely), keep the week's entries
 * that pass the filters and were not used yet, fold the same story from several outlets into
 * one candidate, draft the State Department note, and write digests/<week>/inbox.md.
 */
export async function gather(options: GatherOptions): Promise<GatherResult> {
  const project = await openProject(options);
  const { config, configFile, digestsDir } = project;
  const week = project.week(options.week);
  const sources = resolveSources(config);
  if (sources.length === 0) {
    throw new UserError(configFile ? `${project.show(configFile)}: no "sources" to gather from` : `no ${CONFIG_FILE} here, so no "sources" to gather from`, {
      hint: `Add the feeds and listing pages you follow under "sources" in ${CONFIG_FILE} (see ${docPage('gathering.md')}).`,
    });
  }
  const scan = await scanDigests(digestsDir, options.cwd);
  const globalFilter = topicMatcher(config.filters);
  const limit = hostLimiter(options.perHost ?? 2, options.concurrency ?? 8);
  const fetch = { ...fetchSettings(config), ...(options.fetch ? { fetch: options.fetch } : {}) };

  let done = 0;
  const results = await Promise.all(
    sources.map((source) =>
      limit(source.url, async () => {
        const outcome = await readSource(source, { cacheDir: path.join(digestsDir, '.cache'), fetch });
        const result = classifySource(source, outcome, week, config.timeZone, scan, globalFilter);
        options.onSource?.(result.report, ++done, sources.length);
        return result;
      }),
    ),
  );

  const reports = results.map((r) => r.report);
  const allFailed = reports.every((r) => r.status === 'failed' && !r.stale);
  const stories = foldStories(results.flatMap((r) => r.kept), scan, reports);
  const candidates = numberCandidates([...results.flatMap((r) => r.notes), ...stories]);
  const file = path.join(project.weekDir(week), INBOX_FILE);
  if (allFailed) return { week, file, written: false, candidates: [], sources: reports, allFailed, inboxExists: await exists(file) };

  const failures = reports.filter((r) => r.error).map((r) => ({ outlet: r.outlet, url: r.url, message: r.error!.message.replace(`${r.url}: `, '') }));
  const written = await explainFileError(project.show(file), 'write the inbox (the previous one, if any, is as it was)', () => writeIfChanged(file, renderInbox(week, candidates, failures)));
  return { week, file, written, candidates, sources: reports, allFailed, inboxExists: true };
}

/** Writes only a changed file, through a temporary file so a reader never sees half of it. */
async function writeIfChanged(file: string, content: string): Promise<boolean> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  return true;
}
