import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE, fetchSettings, loadConfig, resolveWeek } from '../config.js';
import { UserError } from '../errors.js';
import type { Week } from '../week.js';
import type { Candidate, Entry } from './entry.js';
import { foldDuplicates } from './fold-duplicates.js';
import { hostLimiter } from './host-limit.js';
import { INBOX_FILE, numberCandidates, renderInbox, type InboxCandidate } from './inbox.js';
import { readEntries } from './read-entries.js';
import { readSource, type SourceOutcome } from './read-source.js';
import { resolveSources, type ResolvedSource } from './sources.js';
import { draftStateDeptNote } from './state-dept-note.js';
import { topicMatcher } from './topic-filter.js';
import { canonicalUrl } from './canonical-url.js';
import { scanDigests, type DigestsScan } from './used-urls.js';

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

export interface SourceReport {
  index: number;
  outlet: string;
  url: string;
  type: ResolvedSource['type'];
  status: SourceOutcome['status'];
  error?: { message: string; hint?: string };
  /** Failed, and the entries of the last good copy were used. */
  stale: boolean;
  /** Entries the source lists. */
  entries: number;
  /** In the week, on topic, not used yet: now candidates (several may fold into one). */
  kept: number;
  outsideWeek: number;
  /** Left out by the topic filters. */
  filtered: number;
  /** Already in an item or a built issue. */
  used: number;
  undated: number;
  /** Without a link or a title. */
  incomplete: number;
  /** Other things worth a line (entries left out for want of a date, a note already written). */
  notes: string[];
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
}

/**
 * The gather job: fetch every source (a few at a time, politely), keep the week's entries
 * that pass the filters and were not used yet, fold the same story from several outlets into
 * one candidate, draft the State Department note, and write digests/<week>/inbox.md.
 */
export async function gather(options: GatherOptions): Promise<GatherResult> {
  const { config, root, file: configFile } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, options.now ?? new Date());
  const sources = resolveSources(config);
  if (sources.length === 0) {
    throw new UserError(configFile ? `${path.relative(options.cwd, configFile)}: no "sources" to gather from` : `no ${CONFIG_FILE} here, so no "sources" to gather from`, {
      hint: `Add the feeds and listing pages you follow under "sources" in ${CONFIG_FILE} (see the README, "Gathering the week").`,
    });
  }
  const digestsDir = path.resolve(root, config.digestsDir);
  const scan = await scanDigests(digestsDir, options.cwd);
  const globalFilter = topicMatcher(config.filters);
  const limit = hostLimiter(options.perHost ?? 2, options.concurrency ?? 8);
  const fetch = { ...fetchSettings(config), ...(options.fetch ? { fetch: options.fetch } : {}) };

  let done = 0;
  const results = await Promise.all(
    sources.map((source) =>
      limit(source.url, async () => {
        const outcome = await readSource(source, { cacheDir: path.join(digestsDir, '.cache'), fetch });
        const result = classify(source, outcome, week, config.timeZone, scan, globalFilter);
        options.onSource?.(result.report, ++done, sources.length);
        return result;
      }),
    ),
  );

  const reports = results.map((r) => r.report);
  const allFailed = reports.every((r) => r.status === 'failed' && !r.stale);
  const stories = foldEntries(results.flatMap((r) => r.kept), scan, reports);
  const candidates = numberCandidates([...results.flatMap((r) => r.notes), ...stories]);
  const file = path.join(digestsDir, week.label, INBOX_FILE);
  if (allFailed) return { week, file, written: false, candidates: [], sources: reports, allFailed };

  const failures = reports.filter((r) => r.error).map((r) => ({ outlet: r.outlet, url: r.url, message: r.error!.message.replace(`${r.url}: `, '') }));
  const written = await writeIfChanged(file, renderInbox(week, candidates, failures));
  return { week, file, written, candidates, sources: reports, allFailed };
}

interface Classified {
  report: SourceReport;
  kept: Entry[];
  notes: Candidate[];
}

/** Sorts one source's entries into kept and the reasons others were left out. */
function classify(
  source: ResolvedSource,
  outcome: SourceOutcome,
  week: Week,
  timeZone: string,
  scan: DigestsScan,
  globalFilter: ReturnType<typeof topicMatcher>,
): Classified {
  const read = readEntries(outcome.entries, { index: source.index, outlet: source.outlet, kind: source.kind, ...(source.dateFormat ? { dateFormat: source.dateFormat } : {}) }, week, timeZone);
  const report: SourceReport = {
    index: source.index,
    outlet: source.outlet,
    url: source.url,
    type: source.type,
    status: outcome.status,
    ...(outcome.error ? { error: outcome.error } : {}),
    stale: outcome.stale,
    entries: outcome.entries.length,
    kept: 0,
    outsideWeek: read.outsideWeek,
    filtered: 0,
    used: 0,
    undated: read.undated,
    incomplete: read.incomplete,
    notes: [],
  };
  if (read.undated > 0) {
    report.notes.push(
      `${read.undated} of ${outcome.entries.length} entries have no date that can be read and were left out` +
        (source.listing ? ' (check "listing.date", or give "listing.dateFormat")' : ' (the feed gives none; ask its publisher, or follow a listing page instead)'),
    );
  }
  const sourceFilter = topicMatcher(source);
  const onTopic = read.inWeek.filter((entry) => {
    const text = `${entry.title} ${entry.summary}`;
    const keep = globalFilter(text) === 'on-topic' && sourceFilter(text) === 'on-topic';
    if (!keep) report.filtered++;
    return keep;
  });

  if (source.type === 'state-dept') {
    const written = scan.items.find((item) => item.kind === 'state-dept' && item.date >= week.start && item.date <= week.end);
    if (written) {
      report.notes.push(`the week already has a State Department note (${written.file}); no draft`);
      return { report, kept: [], notes: [] };
    }
    if (outcome.status === 'failed' && !outcome.stale) return { report, kept: [], notes: [] };
    report.kept = onTopic.length;
    const note: Candidate = {
      kind: 'state-dept',
      title: 'State Department note (draft)',
      day: week.publishDate,
      instant: Date.parse(`${week.publishDate}T12:00:00Z`),
      summary: '',
      links: [{ outlet: source.outlet, url: source.url }],
      draft: draftStateDeptNote(onTopic.map((entry) => ({ day: entry.day, url: entry.url }))),
    };
    return { report, kept: [], notes: [note] };
  }

  return { report, kept: onTopic, notes: [] };
}

/**
 * One candidate per story; the outlet earliest in the config leads and gives title and date.
 * A story any of whose links is already in an item is left out whole: another outlet's copy
 * of a story the editor used is no news. Counts kept and used entries on their sources.
 */
function foldEntries(entries: Entry[], scan: DigestsScan, reports: SourceReport[]): Candidate[] {
  const ordered = [...entries].sort((a, b) => a.source - b.source || b.instant - a.instant || a.url.localeCompare(b.url));
  const stories = foldDuplicates(ordered).map((group) => group.map((i) => ordered[i]!));
  const fresh = stories.filter((members) => {
    const used = members.some((member) => scan.usedUrls.has(canonicalUrl(member.url)));
    for (const member of members) reports[member.source]![used ? 'used' : 'kept']++;
    return !used;
  });
  return fresh.map((members) => {
    const lead = members[0]!;
    const links: Candidate['links'] = [];
    for (const member of members) if (!links.some((l) => l.outlet === member.outlet)) links.push({ outlet: member.outlet, url: member.url });
    return {
      kind: lead.kind,
      title: lead.title,
      day: lead.day,
      ...(lead.time ? { time: lead.time } : {}),
      instant: lead.instant,
      summary: members.find((m) => m.summary)?.summary ?? '',
      links,
    };
  });
}

/** Writes only a changed file, through a temporary file so a reader never sees half of it. */
async function writeIfChanged(file: string, content: string): Promise<boolean> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
  return true;
}
