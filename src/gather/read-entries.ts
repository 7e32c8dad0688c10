import { isDayInWeek, type Week } from '../shared/week.js';
import type { Entry, SourceEntry } from './entry.js';
import { IMPOSSIBLE, parseEntryDate, type EntryDate } from './parse-date.js';

export interface EntrySource {
  index: number;
  outlet: string;
  kind: Entry['kind'];
  /** A date-fns format for listing pages whose dates nothing else reads. */
  dateFormat?: string;
}

export interface ReadEntries {
  /** Entries dated inside the week, with plain-text title and summary. */
  inWeek: Entry[];
  outsideWeek: number;
  /** No date that could be read. */
  undated: number;
  /** No link, or no title. */
  incomplete: number;
  /** Entries that write a date no calendar has (30 February, 25:61): never read, so never rolled into another day. */
  impossible: ImpossibleDate[];
}

export interface ImpossibleDate {
  title: string;
  url: string;
  date: string;
  /** Dated by another of its dates instead; else left out as undated. */
  datedOtherwise: boolean;
}

/** Dates a source's entries in the newsletter's zone and keeps the week's. */
export function readEntries(raw: readonly SourceEntry[], source: EntrySource, week: Week, timeZone: string): ReadEntries {
  const result: ReadEntries = { inWeek: [], outsideWeek: 0, undated: 0, incomplete: 0, impossible: [] };
  for (const entry of raw) {
    if (!entry.url) {
      result.incomplete++;
      continue;
    }
    const { date, impossible } = firstDate(entry.dates, timeZone, source.dateFormat);
    if (impossible) result.impossible.push({ title: entry.title, url: entry.url, date: impossible, datedOtherwise: date !== undefined });
    if (!date) {
      result.undated++;
      continue;
    }
    if (!isDayInWeek(date.day, week)) {
      result.outsideWeek++;
      continue;
    }
    const { title, summary } = entry;
    if (!title) {
      result.incomplete++;
      continue;
    }
    result.inWeek.push({
      source: source.index,
      outlet: source.outlet,
      kind: source.kind,
      title,
      url: entry.url,
      ...(entry.id ? { id: entry.id } : {}),
      summary,
      ...date,
    });
  }
  return result;
}

/** The first of an entry's dates that reads, and the first impossible one it gives, if any. */
function firstDate(texts: readonly string[], timeZone: string, format?: string): { date?: EntryDate; impossible?: string } {
  let impossible: string | undefined;
  for (const text of texts) {
    const date = parseEntryDate(text, timeZone, format);
    if (date === IMPOSSIBLE) impossible ??= text;
    else if (date) return { date, ...(impossible ? { impossible } : {}) };
  }
  return impossible ? { impossible } : {};
}
