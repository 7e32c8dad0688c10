const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const ORDINAL = '(?:st|nd|rd|th)?';

// The calendar forms sources write: 2024-02-30, 30 Feb 2024, February 30, 2024.
const ISO_DAY = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)/;
const DAY_MONTH_YEAR = new RegExp(`(?<!\\d)(\\d{1,2})${ORDINAL}\\.?\\s+${MONTH},?\\s+(\\d{4})(?!\\d)`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4})(?!\\d)`, 'i');
// A clock time: 25:61, 10:60:00, 24:00 (which would be the next day's midnight).
const CLOCK = /(?:^|[T\s,])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])/i;
// An ISO zone offset beyond any there is: +25:00, -05:75.
const OFFSET = /\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*[+-](\d{2}):?(\d{2})$/;

/**
 * True when the text writes a date or time no calendar has (30 February, 25:61): such a date
 * must not be read (parsers roll 30 February over to 1 March, moving an entry into another
 * week), and the editor should hear which entry has it.
 */
export function impossibleDate(text: string): boolean {
  const iso = ISO_DAY.exec(text);
  if (iso && !realDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))) return true;
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy && !realDay(Number(dmy[3]), monthNumber(dmy[2]!), Number(dmy[1]))) return true;
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy && !realDay(Number(mdy[3]), monthNumber(mdy[1]!), Number(mdy[2]))) return true;
  const clock = CLOCK.exec(text);
  if (clock && !realTime(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0))) return true;
  const offset = OFFSET.exec(text);
  return offset !== null && !realOffset(offset[0].slice(offset[0].search(/[+-]/)));
}

/** 1 to 12 for a month's English name or abbreviation ("Mar", "March", "Sept."); 0 for anything else. */
export function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** A day the calendar has, at a time the clock shows (a leap second allowed; 24:00 is the next day's midnight, so not). */
export function realDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return realDay(y, mo, d) && realTime(h, mi, s);
}

/** A zone offset there can be: "+05:30", "-0800", "Z". */
export function realOffset(zone: string): boolean {
  const digits = /^[+-](\d{2}):?(\d{2})?$/.exec(zone);
  return !digits || (Number(digits[1]) <= 23 && Number(digits[2] ?? 0) <= 59);
}

function realDay(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function realTime(h: number, mi: number, s: number): boolean {
  return h <= 23 && mi <= 59 && s <= 60;
}
