import { createRequire } from 'node:module';
import { TZDate, tzOffset } from '@date-fns/tz';
import type { Chrono } from 'chrono-node/en';
import { impossibleDate, monthNumber, realDateTime, realOffset } from './impossible-date.js';

// Most feeds date entries in ISO 8601 or RFC 822, read without either: chrono and date-fns'
// format parser (a hundred modules) load on first need.
const require = createRequire(import.meta.url);
let chronoParser: Chrono | undefined;
const chrono = (): Chrono => (chronoParser ??= (require('chrono-node/en') as typeof import('chrono-node/en')).strict);
const parseWithFormat: typeof import('date-fns/parse').parse = (...args) => (require('date-fns/parse') as typeof import('date-fns/parse')).parse(...args);

/** An entry's date placed in the newsletter's time zone. */
export interface EntryDate {
  /** Calendar day in the zone, YYYY-MM-DD: decides the week. */
  day: string;
  /** Wall-clock time in the zone, HH:mm, when the source gave one. */
  time?: string;
  /** For ordering; a date without a time counts as its noon. */
  instant: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
// Zones V8's Date.parse reads correctly in RFC 822/2822 dates (the form RSS uses).
const RFC_ZONE = /\s(?:GMT|UTC?|Z|[ECMP][SD]T|[+-]\d{4})$/i;
const RFC_822 = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s/;

/** A date no calendar has (30 February, 25:61): never read, and worth a warning naming the entry. */
export const IMPOSSIBLE = 'impossible';

/**
 * Reads a date as sources write it (ISO 8601, RFC 822, "March 5, 2024", "5 Mar 2024 14:00 CET",
 * or an explicit date-fns `format`) and places it in `timeZone`. A date without a zone is taken
 * as written, in that zone; a date without a time keeps its calendar day. Undefined when
 * nothing in the text is a date; IMPOSSIBLE when it writes a day or time that does not exist
 * (which parsers would roll over into the next day or month).
 */
export function parseEntryDate(text: string, timeZone: string, format?: string): EntryDate | typeof IMPOSSIBLE | undefined {
  const value = text.replace(/\s+/g, ' ').trim();
  if (!value) return undefined;
  if (format) return fromFormat(value, format, timeZone);
  const iso = ISO.exec(value);
  if (iso) return fromIso(iso, timeZone);
  const rfc = RFC_822.exec(value);
  if (rfc && RFC_ZONE.test(value)) {
    const [, d, month, y, h, mi, s] = rfc;
    const year = y!.length > 2 ? Number(y) : Number(y) + (Number(y) < 50 ? 2000 : 1900);
    const mo = monthNumber(month!);
    if (mo && !realDateTime(year, mo, Number(d), Number(h), Number(mi), Number(s ?? 0))) return IMPOSSIBLE;
    const instant = Date.parse(value);
    if (!Number.isNaN(instant)) return fromInstant(instant, timeZone);
  }
  // Other forms are read by chrono, which would rather skip a bad time than say so.
  if (impossibleDate(value)) return IMPOSSIBLE;
  return fromChrono(value, timeZone);
}

function fromIso(iso: RegExpExecArray, timeZone: string): EntryDate | typeof IMPOSSIBLE | undefined {
  const [y, mo, d, h, mi, s] = iso.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const zone = iso[7];
  if (!realDateTime(y!, mo!, d!, h ?? 0, mi ?? 0, s ?? 0) || (zone && !realOffset(zone))) return IMPOSSIBLE;
  if (h === undefined) return calendarDay(y!, mo!, d!, timeZone);
  // A leap second (23:59:60) stays in its minute rather than starting the next day.
  const second = Math.min(s ?? 0, 59);
  if (zone) return fromInstant(Date.UTC(y!, mo! - 1, d!, h, mi!, second) - offsetMinutes(zone) * 60_000, timeZone);
  return wallTime(y!, mo!, d!, h, mi!, second, timeZone);
}

/** "Z", "+01", "+0100" or "-05:30" in minutes east of UTC. */
function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

function fromChrono(value: string, timeZone: string): EntryDate | undefined {
  const result = chrono().parse(value, new Date(), { forwardDate: false })[0];
  if (!result) return undefined;
  const start = result.start;
  // A bare weekday or time ("Tuesday", "10:00") is not a date an entry can be placed by.
  if (!start.isCertain('day') || !start.isCertain('month') || !start.isCertain('year')) return undefined;
  const [y, mo, d] = [start.get('year')!, start.get('month')!, start.get('day')!];
  if (start.isCertain('timezoneOffset')) return fromInstant(start.date().getTime(), timeZone);
  if (!start.isCertain('hour')) return calendarDay(y, mo, d, timeZone);
  return wallTime(y, mo, d, start.get('hour')!, start.get('minute') ?? 0, start.get('second') ?? 0, timeZone);
}

function fromFormat(value: string, format: string, timeZone: string): EntryDate | undefined {
  const parsed = parseWithFormat(value, format, new Date(2000, 0, 1));
  if (Number.isNaN(parsed.getTime())) return undefined;
  const hasTime = /[HhkKmaBbp]/.test(format.replace(/'[^']*'/g, ''));
  const [y, mo, d] = [parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate()];
  return hasTime ? wallTime(y, mo, d, parsed.getHours(), parsed.getMinutes(), parsed.getSeconds(), timeZone) : calendarDay(y, mo, d, timeZone);
}

function calendarDay(y: number, mo: number, d: number, timeZone: string): EntryDate | undefined {
  if (!plausible(y, mo, d)) return undefined;
  return { day: ymd(y, mo, d), instant: new TZDate(y, mo - 1, d, 12, 0, 0, timeZone).getTime() };
}

function wallTime(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): EntryDate | undefined {
  if (!plausible(y, mo, d) || h > 23 || mi > 59) return undefined;
  return fromInstant(new TZDate(y, mo - 1, d, h, mi, s, timeZone).getTime(), timeZone);
}

function fromInstant(instant: number, timeZone: string): EntryDate | undefined {
  if (Number.isNaN(instant)) return undefined;
  const local = new Date(instant + offsetAt(instant, timeZone) * 60_000);
  const [y, mo, d] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  if (!plausible(y, mo, d)) return undefined;
  return { day: ymd(y, mo, d), time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`, instant };
}

// Zone offsets change only on the hour (DST), so one lookup per zone and hour serves every
// entry in it: a feed's hundred entries cost a handful of lookups instead of a hundred.
const offsets = new Map<string, number>();
function offsetAt(instant: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(instant / 3_600_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = tzOffset(timeZone, new Date(instant));
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Rejects impossible days (February 30) and years no news entry has. */
function plausible(y: number, mo: number, d: number): boolean {
  if (y < 1990 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, mo: number, d: number) => `${y}-${pad(mo)}-${pad(d)}`;
