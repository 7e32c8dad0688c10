import type { AnyNode, Element } from 'domhandler';
import { inOrder, isElsewhere, isInside, textOf, type PageIndex } from './page-index.js';
import { clean } from './plain-text.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?`;
const ISO = /^(\d{4})[-/]?(\d{1,2})[-/]?(\d{1,2})(?:(?:T|\s+)(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const DATELINE_WORDS = ['date', 'dateline', 'published', 'pubdate', 'timestamp', 'byline', 'meta', 'posted'];

/**
 * A stated date as ISO 8601, as precise as the page gives it: "2024-05-23", or with the time and
 * offset it states ("2024-05-23T09:30:00+01:00"). Reads the malformed ISO pages write
 * ("2024-05-23 09:30:00.0000000-0500", "20240523"), RFC 2822, "May 23, 2024", "23 May 2024"
 * and Unix timestamps; undefined for anything else.
 */
export function isoDate(value: string | undefined): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso;
    const day = calendarDay(Number(y), Number(mo), Number(d));
    if (!day) return undefined;
    if (h === undefined || Number(h) > 23 || Number(mi) > 59) return day;
    const millis = fraction ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : '';
    return `${day}T${pad(h)}:${mi}:${s ?? '00'}${millis}${offset(zone)}`;
  }
  if (/^\d{10}(\d{3})?$/.test(text)) {
    const ms = Number(text.length === 10 ? `${text}000` : text);
    const year = new Date(ms).getUTCFullYear();
    return year >= 1990 && year <= 2100 ? new Date(ms).toISOString() : undefined;
  }
  const spelled = dateFromText(text);
  // A spelled-out date with a time ("Thu, 10 Mar 2016 10:00:00 GMT"): the parser knows the zone.
  if (spelled && /\d:\d\d/.test(text) && /(GMT|UTC|Z|[+-]\d{4}|[ECMP][SD]T)\b/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(Date.parse(text)).toISOString();
  return spelled;
}

/** "May 23, 2024", "23 May 2024", "Mar. 5, 2024" or an ISO date anywhere in a text, as YYYY-MM-DD. */
export function dateFromText(text: string): string | undefined {
  const monthFirst = new RegExp(String.raw`\b${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, 'i').exec(text);
  if (monthFirst) return calendarDay(Number(monthFirst[3]), monthIndex(monthFirst[1]!), Number(monthFirst[2]));
  const dayFirst = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+${MONTH},?\s+(\d{4})\b`, 'i').exec(text);
  if (dayFirst) return calendarDay(Number(dayFirst[3]), monthIndex(dayFirst[2]!), Number(dayFirst[1]));
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  return iso ? calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) : undefined;
}

/** The date in a URL's path: /2024/05/23/, /2024-05-23-, /20240523/. */
export function dateFromUrl(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/._-]|$)/.exec(path) ?? /[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?=[/._-]|$)/.exec(path);
  return match ? calendarDay(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

/**
 * The date the article itself shows: its datePublished microdata, a <time> in the article
 * (unless the article region holds many, as a listing does), else a date written in its
 * dateline or byline.
 */
export function documentDate(index: PageIndex, region: AnyNode | undefined): string | undefined {
  const inRegion = (el: Element) => !region || isInside(el, region);
  const stated = [...(index.byItemprop.get('datepublished') ?? []), ...(index.byTag.get('time') ?? []).filter((t) => 'pubdate' in t.attribs)].filter(inRegion);
  for (const element of stated) {
    const date = isoDate(element.attribs.content ?? element.attribs.datetime) ?? isoDate(textOf(element));
    if (date) return date;
  }
  const times = (index.byTag.get('time') ?? []).filter((t) => t.attribs.datetime && inRegion(t) && !isElsewhere(t));
  const days = new Set(times.map((t) => isoDate(t.attribs.datetime)?.slice(0, 10)).filter(Boolean));
  if (days.size > 2) return undefined;
  for (const element of times) {
    const date = isoDate(element.attribs.datetime);
    if (date) return date;
  }
  const datelines = [...inOrder(index, index.byClassWord, DATELINE_WORDS), ...(index.byTag.get('time') ?? [])]
    .filter((el) => inRegion(el) && !isElsewhere(el))
    .sort((a, b) => index.order.get(a)! - index.order.get(b)!)
    .slice(0, 8);
  for (const element of datelines) {
    const text = clean(textOf(element));
    const date = text.length < 160 ? dateFromText(text) : undefined;
    if (date) return date;
  }
  return undefined;
}

function calendarDay(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${year}-${pad(String(month))}-${pad(String(day))}`;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function offset(zone: string | undefined): string {
  if (!zone) return '';
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 'Z';
  const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  return `${sign}${hours}:${minutes ?? '00'}`;
}

function pad(value: string): string {
  return value.padStart(2, '0');
}
