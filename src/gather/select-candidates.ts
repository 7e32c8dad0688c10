import { compareCodePoints } from '../shared/compare-code-points.js';
import { belongsToWeek } from '../items/week-membership.js';
import type { Week } from '../shared/week.js';
import { canonicalUrl } from './canonical-url.js';
import type { Candidate, Entry } from './entry.js';
import { foldDuplicates } from './fold-duplicates.js';
import { entryNotes } from './entry-notes.js';
import { readEntries } from './read-entries.js';
import type { SourceOutcome } from './read-source.js';
import type { ResolvedSource } from './sources.js';
import { draftStateDeptNote } from './state-dept-note.js';
import { topicMatcher } from './topic-filter.js';
import type { DigestsScan } from './used-urls.js';

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

export interface Classified {
  report: SourceReport;
  kept: Entry[];
  notes: Candidate[];
}

/** Sorts one source's entries into those kept and the reasons others were left out; drafts the State Department note. */
export function classifySource(
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
    entries: outcome.total,
    kept: 0,
    outsideWeek: read.outsideWeek,
    filtered: 0,
    used: 0,
    undated: read.undated,
    incomplete: read.incomplete,
    notes: [],
  };
  report.notes.push(...entryNotes(source, outcome, read));
  const sourceFilter = topicMatcher(source);
  const onTopic = read.inWeek.filter((entry) => {
    // The note says which briefings were held: a topic filter leaving one out would make it wrong.
    if (source.type === 'state-dept') return true;
    const text = `${entry.title} ${entry.summary}`;
    const keep = globalFilter(text) === 'on-topic' && sourceFilter(text) === 'on-topic';
    if (!keep) report.filtered++;
    return keep;
  });

  if (source.type === 'state-dept') {
    // As compose decides it: the folder named for a week, else the date.
    const written = scan.items.find((item) => item.kind === 'state-dept' && belongsToWeek(item, week));
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
export function foldStories(entries: Entry[], scan: DigestsScan, reports: SourceReport[]): Candidate[] {
  const ordered = [...entries].sort((a, b) => a.source - b.source || b.instant - a.instant || compareCodePoints(a.url, b.url));
  const stories = foldDuplicates(ordered).map((group) => group.map((i) => ordered[i]!));
  const fresh = stories.filter((members) => {
    const used = scan.usedUrls.size > 0 && members.some((member) => scan.usedUrls.has(canonicalUrl(member.url)));
    for (const member of members) reports[member.source]![used ? 'used' : 'kept']++;
    return !used;
  });
  return fresh.map((members) => {
    const lead = members[0]!;
    const links = members.length === 1 ? [{ outlet: lead.outlet, url: lead.url }] : everyLink(members);
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

/** Every folded entry stays visible: its outlet and its link (one outlet's copies of one article once). */
function everyLink(members: readonly Entry[]): Candidate['links'] {
  const links: Candidate['links'] = [];
  const shown = new Set<string>();
  for (const member of members) {
    const key = `${member.outlet}\n${canonicalUrl(member.url)}`;
    if (shown.has(key)) continue;
    shown.add(key);
    links.push({ outlet: member.outlet, url: member.url });
  }
  return links;
}
