import { compareCodePoints } from '../shared/compare-code-points.js';
import { ITEM_KINDS, type ItemKind } from '../items/item.js';
import type { Week } from '../shared/week.js';
import type { Candidate } from './entry.js';

export const INBOX_FILE = 'inbox.md';

export interface InboxCandidate extends Candidate {
  number: number;
}

export interface SourceFailure {
  outlet: string;
  url: string;
  message: string;
}

const SUMMARY_LIMIT = 320;
const META_SEPARATOR = ' · ';

/**
 * The week's inbox as markdown: a numbered section per candidate (title; kind, date and
 * outlets; summary; one link per outlet), the State Department note first, then newest first.
 * The same candidates always give the same text, so an unchanged gather rewrites nothing.
 */
export function renderInbox(week: Week, candidates: readonly Candidate[], failures: readonly SourceFailure[]): string {
  const lines = [`# Inbox for ${week.label}`, ''];
  const notes = candidates.filter((c) => c.kind === 'state-dept').length;
  const stories = candidates.length - notes;
  const count = `${stories === 1 ? '1 candidate' : `${stories} candidates`}${notes ? ' and the State Department note' : ''}`;
  lines.push(
    `Gathered for ${week.start} to ${week.end}: ${count}, newest first. Make items of them with`,
    '`watch-digest pick <numbers> --as news|lead|related` (or `watch-digest pick` on a terminal);',
    '`watch-digest gather` rewrites this file, so keep notes elsewhere.',
  );
  inboxOrder(candidates).forEach((candidate, i) => {
    lines.push('', `## ${i + 1}. ${escapeMarkdown(candidate.title)}`, '');
    const when = [shortWeekday(candidate.day), candidate.day, candidate.time].filter(Boolean).join(' ');
    lines.push([candidate.kind, when, candidate.links.map((l) => l.outlet).join(', ')].join(META_SEPARATOR), '');
    if (candidate.draft) lines.push(candidate.draft, '');
    else if (candidate.summary) lines.push(escapeMarkdown(truncate(candidate.summary, SUMMARY_LIMIT)), '');
    for (const link of candidate.links) lines.push(`- ${link.outlet}: <${link.url}>`);
  });
  if (failures.length) {
    lines.push('', '## Not gathered', '');
    for (const failure of failures) lines.push(`- ${failure.outlet} (<${failure.url}>): ${failure.message}`);
  }
  return lines.join('\n') + '\n';
}

/** Candidates in inbox order (State Department notes, then newest first), numbered from 1. */
export function numberCandidates(candidates: readonly Candidate[]): InboxCandidate[] {
  return inboxOrder(candidates).map((candidate, i) => ({ ...candidate, number: i + 1 }));
}

function inboxOrder(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => Number(b.kind === 'state-dept') - Number(a.kind === 'state-dept') || b.instant - a.instant || compareCodePoints(a.title, b.title));
}

/**
 * Reads the candidates back from an inbox written by renderInbox. Sections it cannot read
 * (an editor's additions) are skipped; the numbers are the ones in the file.
 */
export function parseInbox(text: string): InboxCandidate[] {
  const candidates: InboxCandidate[] = [];
  const sections = text.split(/^## /m).slice(1);
  for (const section of sections) {
    const [heading = '', ...rest] = section.split('\n');
    const numbered = /^(\d+)\. (.+)$/.exec(heading.trim());
    if (!numbered) continue;
    const lines = rest.map((line) => line.trimEnd());
    const metaIndex = lines.findIndex((line) => line.trim() !== '');
    const meta = (lines[metaIndex] ?? '').split(META_SEPARATOR);
    const kind = meta[0]?.trim() as ItemKind;
    const when = /(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?/.exec(meta[1] ?? '');
    if (!ITEM_KINDS.includes(kind) || !when) continue;
    const links: InboxCandidate['links'] = [];
    const body: string[] = [];
    for (const line of lines.slice(metaIndex + 1)) {
      const link = /^- (.+): <(https?:\/\/[^>\s]+)>$/.exec(line);
      if (link) links.push({ outlet: link[1]!, url: link[2]! });
      else if (links.length === 0) body.push(line);
    }
    if (links.length === 0) continue;
    const paragraph = body.join('\n').trim();
    const day = when[1]!;
    candidates.push({
      number: Number(numbered[1]),
      kind,
      title: unescapeMarkdown(numbered[2]!),
      day,
      ...(when[2] ? { time: when[2] } : {}),
      instant: Date.parse(`${day}T${when[2] ?? '12:00'}:00Z`),
      summary: kind === 'state-dept' ? '' : unescapeMarkdown(paragraph),
      links,
      ...(kind === 'state-dept' && paragraph ? { draft: paragraph } : {}),
    });
  }
  return candidates;
}

/** Backslash-escapes what markdown would read as markup, so titles and summaries show as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}

function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_[\]<>#|~])/g, '$1');
}

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf(' ', limit);
  return text.slice(0, cut > limit / 2 ? cut : limit).replace(/[\s,;:.]+$/, '') + '…';
}

// Made once: a DateTimeFormat costs far more to build than to use.
const WEEKDAY = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });

function shortWeekday(day: string): string {
  return WEEKDAY.format(new Date(`${day}T12:00:00Z`));
}
