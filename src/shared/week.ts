import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { lightFormat } from 'date-fns/lightFormat';
import { getISOWeeksInYear } from 'date-fns/getISOWeeksInYear';
import { setISOWeek } from 'date-fns/setISOWeek';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import { startOfWeek } from 'date-fns/startOfWeek';
import { UsageError } from './errors.js';

/** One issue's week. Dates are calendar days (YYYY-MM-DD), `end` inclusive. */
export interface Week {
  label: string;
  start: string;
  end: string;
  /** The day the issue is dated: the configured publish weekday within the week. */
  publishDate: string;
}

export interface WeekOptions {
  now: Date;
  timeZone: string;
  weekStartsOn: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  publishDay: 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

export const WEEK_FORMS = 'an ISO week (2023-W52), a date (2023-12-27), "this" or "last"';

// Calendar arithmetic happens on UTC midnights so the machine's own zone never shifts a day.
const day = (year: number, monthIndex: number, date: number) => new TZDate(year, monthIndex, date, 'UTC');
const ymd = (date: Date) => lightFormat(date, 'yyyy-MM-dd');

// JavaScript dates read years 0 to 99 as 1900 to 1999: "0000-W01" would silently be 1900's week.
export const FIRST_YEAR = 1000;

/** Parses a YYYY-MM-DD string into a UTC calendar day, or undefined when it is not a real date. */
export function parseCalendarDate(text: string): TZDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR) return undefined;
  const parsed = day(year, month - 1, date);
  return parsed.getFullYear() === year && parsed.getMonth() === month - 1 && parsed.getDate() === date ? parsed : undefined;
}

/** Today's calendar date in the given time zone. */
/** Whether a calendar day (YYYY-MM-DD) falls in the week, first and last day included. */
export function isDayInWeek(day: string, week: Week): boolean {
  return day >= week.start && day <= week.end;
}

export function today(now: Date, timeZone: string): string {
  return ymd(new TZDate(now.getTime(), timeZone));
}

/** The week containing a calendar day. */
export function weekContaining(date: string, options: Pick<WeekOptions, 'weekStartsOn' | 'publishDay'>): Week {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new UsageError(`"${date}" is not a valid date`, `Use ${WEEK_FORMS}.`);
  return weekStartingAt(startOfWeek(parsed, { weekStartsOn: options.weekStartsOn }), options.publishDay);
}

function weekStartingAt(start: Date, publishDay: number): Week {
  // Named after the ISO week holding its fourth day: for Monday starts that is the ISO week itself.
  const fourth = addDays(start, 3);
  const label = `${getISOWeekYear(fourth)}-W${String(getISOWeek(fourth)).padStart(2, '0')}`;
  const publishOffset = (publishDay - start.getDay() + 7) % 7;
  return { label, start: ymd(start), end: ymd(addDays(start, 6)), publishDate: ymd(addDays(start, publishOffset)) };
}

/** Resolves a WEEK argument (design.md): ISO week, date, `this` (default) or `last`. */
export function parseWeek(arg: string | undefined, options: WeekOptions): Week {
  const text = (arg ?? 'this').trim();
  const lower = text.toLowerCase();
  if (lower === 'this' || lower === 'last') {
    const current = weekContaining(today(options.now, options.timeZone), options);
    return lower === 'this' ? current : weekContaining(ymd(addDays(parseCalendarDate(current.start)!, -7)), options);
  }
  const iso = /^(\d{4})-?W(\d{1,2})$/i.exec(text);
  if (iso) {
    const year = Number(iso[1]);
    const number = Number(iso[2]);
    if (year < FIRST_YEAR) throw new UsageError(`--week "${text}": the year must be between ${FIRST_YEAR} and 9999`, `Use ${WEEK_FORMS}.`);
    const weeksInYear = getISOWeeksInYear(day(year, 0, 4));
    if (number < 1 || number > weeksInYear) {
      throw new UsageError(`--week "${text}": ${year} has ISO weeks 1 to ${weeksInYear}`, `Use ${WEEK_FORMS}.`);
    }
    const monday = startOfISOWeek(setISOWeek(day(year, 0, 4), number));
    return weekContaining(ymd(addDays(monday, 3)), options);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (Number(text.slice(0, 4)) < FIRST_YEAR) throw new UsageError(`--week "${text}": the year must be between ${FIRST_YEAR} and 9999`, `Use ${WEEK_FORMS}.`);
    if (!parseCalendarDate(text)) throw new UsageError(`--week "${text}": no such date`, `Use ${WEEK_FORMS}.`);
    return weekContaining(text, options);
  }
  throw new UsageError(`--week "${text}" is not a week`, `Use ${WEEK_FORMS}.`);
}
