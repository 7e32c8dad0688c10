import { isDayInWeek, type Week } from '../shared/week.js';
import type { Entry, SourceEntry } from './entry.js';
import { parseEntryDate } from './parse-date.js';

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
}

/** Dates a source's entries in the newsletter's zone and keeps the week's. */
export function readEntries(raw: readonly SourceEntry[], source: EntrySource, week: Week, timeZone: string): ReadEntries {
  const result: ReadEntries = { inWeek: [], outsideWeek: 0, undated: 0, incomplete: 0 };
  for (const entry of raw) {
    if (!entry.url) {
      result.incomplete++;
      continue;
    }
    const date = firstDate(entry.dates, timeZone, source.dateFormat);
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
      summary,
      ...date,
    });
  }
  return result;
}

function firstDate(texts: readonly string[], timeZone: string, format?: string) {
  for (const text of texts) {
    const date = parseEntryDate(text, timeZone, format);
    if (date) return date;
  }
  return undefined;
}
