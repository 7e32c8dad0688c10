import { decodeHTML } from 'entities';
import { sanitizeForEmail } from '../sanitize.js';
import type { Week } from '../week.js';
import type { Entry, RawEntry } from './entry.js';
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

/**
 * Dates raw entries in the newsletter's zone and keeps the week's; only those are sanitised
 * (like item HTML) and turned into text, since most of a feed is older than the week.
 */
export function readEntries(raw: readonly RawEntry[], source: EntrySource, week: Week, timeZone: string): ReadEntries {
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
    if (date.day < week.start || date.day > week.end) {
      result.outsideWeek++;
      continue;
    }
    const title = safeText(entry.title, entry.url);
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
      summary: safeText(entry.summaryHtml, entry.url),
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

/** The text of entry HTML, sanitised like item HTML first; text without tags needs only its entities decoded. */
function safeText(html: string, url: string): string {
  return htmlToText(html.includes('<') ? sanitizeForEmail(html, url).html : html);
}

/** Text of sanitised HTML: block ends become spaces, entities are decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  return decodeHTML(html.replace(/<\/(p|li|blockquote|h\d|div|pre)>|<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}
