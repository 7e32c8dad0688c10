import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from './errors.js';

export const CONFIG_FILE = 'watch-digest.config.json';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdayIndex = (day: Weekday): 0 | 1 | 2 | 3 | 4 | 5 | 6 =>
  WEEKDAYS.indexOf(day) as 0 | 1 | 2 | 3 | 4 | 5 | 6;

const color = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'expected a hex colour such as "#1f3a5f"');
const httpsUrl = z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' });
const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as "Europe/Berlin" or "UTC"');

const brandSchema = z.strictObject({
  primaryColor: color.default('#1f3a5f'),
  accentColor: color.default('#b5442c'),
  textColor: color.default('#1d1d1f'),
  mutedColor: color.default('#5f6368'),
  backgroundColor: color.default('#f3f1ec'),
  contentBackgroundColor: color.default('#ffffff'),
  fontFamily: z.string().min(1).default("Georgia, 'Times New Roman', Times, serif"),
  headingFontFamily: z.string().min(1).default("'Helvetica Neue', Helvetica, Arial, sans-serif"),
  logo: z
    .strictObject({ url: httpsUrl, alt: z.string().min(1, 'a logo needs alt text'), width: z.int().min(16).max(600).default(160) })
    .optional(),
  dark: z
    .strictObject({
      backgroundColor: color.default('#121212'),
      contentBackgroundColor: color.default('#1e1e1e'),
      textColor: color.default('#e8e6e3'),
      mutedColor: color.default('#a8a8a8'),
      linkColor: color.default('#8ab4f8'),
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  name: z.string().min(1).default('Weekly Digest'),
  tagline: z.string().optional(),
  kicker: z.string().optional(),
  from: z
    .strictObject({ name: z.string().min(1).optional(), address: z.email({ error: 'expected an email address' }) })
    .prefault({ address: 'newsletter@example.org' }),
  replyTo: z.email({ error: 'expected an email address' }).optional(),
  postalAddress: z.string().default(''),
  timeZone: timeZone.default('UTC'),
  weekStartsOn: z.enum(WEEKDAYS).default('monday'),
  publishDay: z.enum(WEEKDAYS).default('friday'),
  brand: brandSchema.prefault({}),
  headings: z
    .strictObject({
      news: z.string().min(1).default('In other diplomatic news:'),
      stateDept: z.string().min(1).default('U.S. State Department news:'),
      related: z.string().min(1).default('Related reads'),
    })
    .prefault({}),
  social: z.array(z.strictObject({ label: z.string().min(1), url: httpsUrl })).default([]),
  unsubscribe: z
    .strictObject({
      url: z
        .string()
        .refine((s) => s.includes('{token}'), 'expected a URL template containing {token}')
        .default('https://example.org/unsubscribe?token={token}'),
      mailto: z.email({ error: 'expected an email address' }).optional(),
    })
    .prefault({}),
  subscribers: z.string().min(1).default('subscribers.csv'),
  suppressionFile: z.string().min(1).default('unsubscribed.csv'),
  archiveUrl: httpsUrl.optional(),
  digestsDir: z.string().min(1).default('digests'),
  templatesDir: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

export interface LoadedConfig {
  config: Config;
  /** Directory the config's relative paths are resolved against. */
  root: string;
  /** The file it came from, or undefined when running on defaults. */
  file: string | undefined;
}

/** Parses config data; every problem becomes one `field: message` line. */
export function parseConfig(data: unknown, file = CONFIG_FILE): Config {
  const result = configSchema.safeParse(data ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      return `${field === '(top level)' ? '' : field + '.'}${issue.keys.join(', ')}: unknown field; check the spelling against the README's config reference`;
    }
    return `${field}: ${issue.message}`;
  });
  throw new UserError(`${file}: invalid config`, { details: lines, hint: 'Fix the fields above; the README lists every field and its default.' });
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
    data = JSON.parse(text);
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
