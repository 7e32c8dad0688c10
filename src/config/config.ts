import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { fontStackProblem, isFontStack } from './css-values.js';
import { describeIssues } from '../shared/describe-issues.js';
import { UserError } from '../shared/errors.js';
import { ITEM_KINDS } from '../items/item.js';
import { parseWeek, type Week } from '../shared/week.js';

export const CONFIG_FILE = 'watch-digest.config.json';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdayIndex = (day: Weekday): 0 | 1 | 2 | 3 | 4 | 5 | 6 =>
  WEEKDAYS.indexOf(day) as 0 | 1 | 2 | 3 | 4 | 5 | 6;

const color = v.pipe(v.string(), v.regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'expected a hex colour such as "#1f3a5f"'));
const httpUrl = v.pipe(v.string('expected an absolute http(s) URL'), v.regex(/^https?:\/\//i, 'expected an absolute http(s) URL'), v.url('expected an absolute http(s) URL'));
const email = v.pipe(v.string('expected an email address'), v.email('expected an email address'));
const text = v.pipe(v.string('expected text'), v.trim(), v.minLength(1, 'must not be empty'));
const timeZone = v.pipe(v.string(), v.check(isTimeZone, 'expected an IANA time zone such as "Europe/Berlin" or "UTC"'));
// Written into CSS unescaped (see css-values.ts), so only names and quoted names are allowed.
const fontStack = v.pipe(v.string('expected a font stack'), v.trim(), v.check(isFontStack, (issue) => fontStackProblem(String(issue.input))));
const weekday = v.picklist(WEEKDAYS, `expected one of ${WEEKDAYS.join(', ')}`);
/** Objects reject unknown keys, so a misspelt field is an error rather than silently ignored. */
const strict = <T extends v.ObjectEntries>(entries: T) => v.strictObject(entries, 'expected an object');

const brandSchema = strict({
  primaryColor: v.optional(color, '#1f3a5f'),
  accentColor: v.optional(color, '#b5442c'),
  textColor: v.optional(color, '#1d1d1f'),
  mutedColor: v.optional(color, '#5f6368'),
  backgroundColor: v.optional(color, '#f3f1ec'),
  contentBackgroundColor: v.optional(color, '#ffffff'),
  fontFamily: v.optional(fontStack, "Georgia, 'Times New Roman', Times, serif"),
  headingFontFamily: v.optional(fontStack, "'Helvetica Neue', Helvetica, Arial, sans-serif"),
  /** Kickers shown in capitals by the HTML templates (CSS); the text part keeps them as typed. */
  uppercaseKickers: v.optional(v.boolean('expected true or false'), false),
  logo: v.optional(
    strict({
      url: httpUrl,
      alt: v.pipe(v.string(), v.minLength(1, 'a logo needs alt text')),
      width: v.optional(v.pipe(v.number('expected a number of pixels'), v.integer('expected whole pixels'), v.minValue(16), v.maxValue(600)), 160),
    }),
  ),
  dark: v.optional(
    strict({
      backgroundColor: v.optional(color, '#121212'),
      contentBackgroundColor: v.optional(color, '#1e1e1e'),
      textColor: v.optional(color, '#e8e6e3'),
      mutedColor: v.optional(color, '#a8a8a8'),
      linkColor: v.optional(color, '#8ab4f8'),
    }),
    {},
  ),
});

/** Topic filters: words or phrases (a trailing * matches word beginnings), matched on title and summary. */
const keywords = v.optional(
  v.array(
    v.pipe(text, v.check((s) => /[\p{L}\p{N}]/u.test(s), 'expected a word or phrase with letters or digits')),
    'expected a list of words or phrases, e.g. ["Ukraine", "sanction*"]',
  ),
  [],
);
const cssSelector = v.pipe(v.string('expected a CSS selector'), v.trim(), v.minLength(1, 'expected a CSS selector'));
export const SOURCE_TYPES = ['feed', 'listing', 'state-dept'] as const;

/** Which links of a listing page are entries, and where their title, summary and date are. */
const listingSchema = strict({
  entries: cssSelector,
  link: v.optional(cssSelector),
  title: v.optional(cssSelector),
  summary: v.optional(cssSelector),
  date: v.optional(cssSelector),
  dateAttribute: v.optional(text),
  dateFormat: v.optional(text),
});

const sourceSchema = v.pipe(
  strict({
    type: v.optional(v.picklist(SOURCE_TYPES, `expected one of ${SOURCE_TYPES.join(', ')}`), 'feed'),
    outlet: v.optional(text),
    url: v.optional(httpUrl),
    kind: v.optional(v.picklist(ITEM_KINDS, `expected one of ${ITEM_KINDS.join(', ')}`)),
    listing: v.optional(listingSchema),
    include: keywords,
    exclude: keywords,
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const source = dataset.value;
    const problem = (key: string, message: string) =>
      addIssue({ message, path: [{ type: 'object', origin: 'value', input: source, key, value: (source as Record<string, unknown>)[key] }] });
    if (source.type === 'state-dept') {
      if (source.kind && source.kind !== 'state-dept') problem('kind', 'a "state-dept" source drafts the State Department note; leave out "kind"');
      for (const key of ['include', 'exclude'] as const) {
        if (source[key].length > 0) problem(key, 'a "state-dept" source lists every briefing of the week, so topic filters do not apply to it; leave this out');
      }
      return;
    }
    if (source.kind === 'state-dept') problem('kind', 'only a "type": "state-dept" source drafts the State Department note; use news, lead or related');
    if (!source.url) problem('url', `required: the address of the ${source.type === 'listing' ? 'listing page' : 'RSS, Atom or JSON feed'}`);
    if (!source.outlet) problem('outlet', 'required: the name to cite, as in "according to <outlet>"');
    if (source.type === 'listing' && !source.listing) problem('listing', 'required for a listing page: at least {"entries": "<CSS selector of each entry>"}');
    if (source.type === 'feed' && source.listing) problem('listing', 'only for "type": "listing" sources; a feed needs no selectors');
  }),
);

export const configSchema = strict({
  name: v.optional(text, 'Weekly Digest'),
  tagline: v.optional(text),
  kicker: v.optional(text),
  from: v.optional(strict({ name: v.optional(text), address: email }), { address: 'newsletter@example.org' }),
  replyTo: v.optional(email),
  postalAddress: v.optional(v.string('expected text'), ''),
  timeZone: v.optional(timeZone, 'UTC'),
  weekStartsOn: v.optional(weekday, 'monday'),
  publishDay: v.optional(weekday, 'friday'),
  brand: v.optional(brandSchema, {}),
  headings: v.optional(
    strict({
      news: v.optional(text, 'In other diplomatic news:'),
      stateDept: v.optional(text, 'U.S. State Department news:'),
      /** null hides the heading above the teaser cards. */
      related: v.optional(v.nullable(text), 'Related reads'),
    }),
    {},
  ),
  /** Link and row labels in the templates; null hides the link or label. */
  labels: v.optional(
    strict({
      keepReading: v.optional(v.nullable(text), 'Keep reading'),
      readOriginal: v.optional(v.nullable(text), 'Read the original →'),
      social: v.optional(v.nullable(text), null),
    }),
    {},
  ),
  social: v.optional(v.array(strict({ label: text, url: httpUrl }), 'expected a list of {"label", "url"}'), []),
  unsubscribe: v.optional(
    strict({
      url: v.optional(
        v.pipe(v.string(), v.check((s) => s.includes('{token}'), 'expected a URL template containing {token}')),
        'https://example.org/unsubscribe?token={token}',
      ),
      mailto: v.optional(email),
    }),
    {},
  ),
  greeting: v.optional(
    strict({
      withName: v.pipe(text, v.check((s) => s.includes('{name}'), 'expected text containing {name}, e.g. "Dear {name},"')),
      withoutName: text,
    }),
  ),
  bounce: v.optional(
    strict({
      /** The envelope sender (MAIL FROM, which receivers turn into Return-Path): where bounces go. */
      address: email,
      /** Per-recipient bounce addresses `local+<id>@domain`, matched without the original message. */
      verp: v.optional(v.boolean('expected true or false'), false),
    }),
  ),
  feedbackId: v.optional(
    v.pipe(v.string('expected text'), v.regex(/^[\x21-\x7e]{1,200}$/, 'expected up to 200 printable ASCII characters without spaces, e.g. "{week}:newsletter:example-org"')),
  ),
  mailbox: v.optional(
    strict({
      folder: v.optional(text, 'INBOX'),
      processedFolder: v.optional(text, 'watch-digest-processed'),
      afterProcessing: v.optional(v.picklist(['move', 'flag'], 'expected "move" or "flag"'), 'move'),
      softBounceLimit: v.optional(v.pipe(v.number('expected a number'), v.integer('expected a whole number'), v.minValue(1), v.maxValue(100)), 3),
      log: v.optional(text, 'mailbox-log.jsonl'),
    }),
    {},
  ),
  subscribers: v.optional(text, 'subscribers.csv'),
  suppressionFile: v.optional(text, 'unsubscribed.csv'),
  archiveUrl: v.optional(httpUrl),
  scrape: v.optional(
    strict({
      timeoutSeconds: v.optional(v.pipe(v.number('expected seconds'), v.minValue(0.1), v.maxValue(300)), 15),
      maxMegabytes: v.optional(v.pipe(v.number('expected megabytes'), v.minValue(0.01), v.maxValue(100)), 5),
    }),
    {},
  ),
  /** compose and check fail on warnings too (as `--strict` does), e.g. in the weekly CI run. */
  warningsAsErrors: v.optional(v.boolean('expected true or false'), false),
  sources: v.optional(v.array(sourceSchema, 'expected a list of sources, e.g. [{"outlet": "Reuters", "url": "https://…/feed.xml"}]'), []),
  filters: v.optional(strict({ include: keywords, exclude: keywords }), {}),
  digestsDir: v.optional(text, 'digests'),
  templatesDir: v.optional(text),
});

export type Config = v.InferOutput<typeof configSchema>;

export interface LoadedConfig {
  config: Config;
  /** Directory the config's relative paths are resolved against. */
  root: string;
  /** The file it came from, or undefined when running on defaults. */
  file: string | undefined;
}

/** Parses config data; every problem becomes one `field: message` line. */
export function parseConfig(data: unknown = {}, file = CONFIG_FILE): Config {
  // `null` or `[]` is a mistake (a truncated or wrongly generated file), not a request for the defaults.
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: expected a JSON object ({ "name": … }), found ${data === null ? 'null' : Array.isArray(data) ? 'a list' : typeof data}`, {
      hint: 'Write the settings as one JSON object; `{}` means every default.',
    });
  }
  const result = v.safeParse(configSchema, data);
  if (result.success) return result.output;
  throw new UserError(`${file}: invalid config`, {
    details: describeIssues(result.issues),
    hint: 'Fix the fields above; docs/configuration.md lists every field and its default.',
  });
}

/** Reads `--config FILE`, else ./watch-digest.config.json if present, else the defaults. */
export async function loadConfig(cwd: string, explicitFile?: string): Promise<LoadedConfig> {
  const file = path.resolve(cwd, explicitFile ?? CONFIG_FILE);
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicitFile) {
      return { config: parseConfig({}), root: cwd, file: undefined };
    }
    throw new UserError(`${shown}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'Check the path given to --config.',
    });
  }
  let data: unknown;
  try {
    // Editors on Windows save JSON with a byte order mark; JSON.parse does not accept one.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(`${shown}: not valid JSON: ${(error as Error).message}`);
  }
  return { config: parseConfig(data, shown), root: path.dirname(file), file };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Fetch settings for scraping, from the config's `scrape` block. */
export function fetchSettings(config: Config): { timeoutMs: number; maxBytes: number } {
  return { timeoutMs: config.scrape.timeoutSeconds * 1000, maxBytes: Math.round(config.scrape.maxMegabytes * 1024 * 1024) };
}

/** A WEEK argument resolved with the config's time zone, week start and publish day. */
export function resolveWeek(arg: string | undefined, config: Config, now: Date): Week {
  return parseWeek(arg, {
    now,
    timeZone: config.timeZone,
    weekStartsOn: weekdayIndex(config.weekStartsOn),
    publishDay: weekdayIndex(config.publishDay),
  });
}
