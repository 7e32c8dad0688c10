// The value types shared by the config's schemas: each with the message a user sees when it is wrong.
import * as v from 'valibot';
import { closestName } from '../shared/closest-name.js';
import { docPage } from '../shared/doc-page.js';
import { fontStackProblem, isFontStack } from './css-values.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdayIndex = (day: Weekday): 0 | 1 | 2 | 3 | 4 | 5 | 6 =>
  WEEKDAYS.indexOf(day) as 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const color = v.pipe(v.string(), v.regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'expected a hex colour such as "#1f3a5f"'));
export const httpUrl = v.pipe(v.string('expected an absolute http(s) URL'), v.regex(/^https?:\/\//i, 'expected an absolute http(s) URL'), v.url('expected an absolute http(s) URL'));
export const email = v.pipe(v.string('expected an email address'), v.email('expected an email address'));
export const text = v.pipe(v.string('expected text'), v.trim(), v.minLength(1, 'must not be empty'));
export const timeZone = v.pipe(
  v.string(),
  v.check(isTimeZone, (issue) => {
    const meant = closestName(String(issue.input), Intl.supportedValuesOf('timeZone'));
    return `expected an IANA time zone such as "Europe/Berlin" or "UTC"${meant ? `; did you mean "${meant}"?` : ''}`;
  }),
);
// Written into CSS unescaped (see css-values.ts), so only names and quoted names are allowed.
export const fontStack = v.pipe(v.string('expected a font stack'), v.trim(), v.check(isFontStack, (issue) => fontStackProblem(String(issue.input))));
export const weekday = v.picklist(WEEKDAYS, `expected one of ${WEEKDAYS.join(', ')}`);
/**
 * Objects reject unknown keys, so a misspelt field is an error rather than silently ignored: it
 * names the field probably meant. A value that is no object is shown the shape expected
 * (`example`, else the fields, required ones first).
 */
export const strict = <T extends v.ObjectEntries>(entries: T, example?: string) =>
  v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') {
      const key = String(issue.input);
      const synonym = SYNONYMS[key.toLowerCase()];
      const meant = synonym && synonym in entries ? synonym : closestName(key, Object.keys(entries));
      return `unknown field${meant ? `; did you mean "${meant}"?` : `; check its spelling against ${docPage('configuration.md')}`}`;
    }
    return `expected an object such as ${example ?? shapeOf(entries)}, found ${describeValue(issue.input)}`;
  });

/** Names editors reach for that mean one of the config's fields, where it has that field. */
const SYNONYMS: Record<string, string> = { feed: 'url', rss: 'url', link: 'url', href: 'url', site: 'outlet', source: 'outlet', email: 'address', timezone: 'timeZone', tz: 'timeZone' };

/** `{"address": …, "name": …}`: required fields first, at most five. */
function shapeOf(entries: v.ObjectEntries): string {
  const names = Object.keys(entries).sort((a, b) => Number(isOptional(entries[a]!)) - Number(isOptional(entries[b]!)));
  const shown = names.slice(0, 5).map((name) => `"${name}": …`);
  return `{${shown.join(', ')}${names.length > 5 ? ', …' : ''}}`;
}

const isOptional = (schema: v.ObjectEntries[string]) => schema.type === 'optional' || schema.type === 'nullish' || schema.type === 'exact_optional';

/** What the user wrote instead, briefly: `the text "news@example.org"`, `a list`, `a number (3)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value === 'number' ? 'a number' : 'true or false'} (${value})`;
  return typeof value;
}


function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
