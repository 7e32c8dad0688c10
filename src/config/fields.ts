// The value types shared by the config's schemas: each with the message a user sees when it is wrong.
import * as v from 'valibot';
import { fontStackProblem, isFontStack } from './css-values.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdayIndex = (day: Weekday): 0 | 1 | 2 | 3 | 4 | 5 | 6 =>
  WEEKDAYS.indexOf(day) as 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const color = v.pipe(v.string(), v.regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'expected a hex colour such as "#1f3a5f"'));
export const httpUrl = v.pipe(v.string('expected an absolute http(s) URL'), v.regex(/^https?:\/\//i, 'expected an absolute http(s) URL'), v.url('expected an absolute http(s) URL'));
export const email = v.pipe(v.string('expected an email address'), v.email('expected an email address'));
export const text = v.pipe(v.string('expected text'), v.trim(), v.minLength(1, 'must not be empty'));
export const timeZone = v.pipe(v.string(), v.check(isTimeZone, 'expected an IANA time zone such as "Europe/Berlin" or "UTC"'));
// Written into CSS unescaped (see css-values.ts), so only names and quoted names are allowed.
export const fontStack = v.pipe(v.string('expected a font stack'), v.trim(), v.check(isFontStack, (issue) => fontStackProblem(String(issue.input))));
export const weekday = v.picklist(WEEKDAYS, `expected one of ${WEEKDAYS.join(', ')}`);
/** Objects reject unknown keys, so a misspelt field is an error rather than silently ignored. */
export const strict = <T extends v.ObjectEntries>(entries: T) => v.strictObject(entries, 'expected an object');


function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
