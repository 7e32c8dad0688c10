import matter from 'gray-matter';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { parseCalendarDate } from '../week.js';
import { ITEM_KINDS, type Item } from './item.js';

// CORE_SCHEMA keeps `date: 2023-02-30` a string we can reject, instead of a Date that silently rolls over.
const matterOptions = {
  engines: { yaml: (text: string) => yaml.load(text, { schema: yaml.CORE_SCHEMA }) as object },
};

const text = z.string().trim().min(1, 'must not be empty');
const absoluteUrl = z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' });

const frontMatterSchema = z.object({
  kind: z.enum(ITEM_KINDS, { error: `expected one of ${ITEM_KINDS.join(', ')}` }),
  date: z.union([z.string(), z.number()], { error: 'required: the day the item belongs to, as YYYY-MM-DD' }).transform(String),
  title: text.optional(),
  dek: text.optional(),
  author: text.optional(),
  url: absoluteUrl.optional(),
  source: text.optional(),
  image: absoluteUrl.optional(),
  alt: text.optional(),
  heading: text.optional(),
  kicker: text.optional(),
  subject: text.optional(),
  preheader: text.optional(),
});

const KNOWN_FIELDS = new Set(Object.keys(frontMatterSchema.shape));

export interface ParsedItem {
  item: Item;
  warnings: string[];
}

/**
 * Parses one markdown item (design.md, "Items"). Pure: `file` is only used in messages.
 * Throws a UserError listing every problem in the file at once.
 */
export function parseItem(source: string, file: string): ParsedItem {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options also keeps gray-matter from caching parsed files by content.
    parsed = matter(source.replace(/^\uFEFF/, ''), matterOptions);
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason : (error as Error).message;
    const line = error instanceof yaml.YAMLException ? ` (front matter line ${(error.mark?.line ?? 0) + 1})` : '';
    throw new UserError(`${file}: front matter is not valid YAML: ${reason}${line}`, {
      hint: 'Front matter is YAML between two "---" lines; quote values that contain ": " or start with a special character.',
    });
  }
  if (!source.trimStart().startsWith('---') || Object.keys(parsed.data).length === 0) {
    throw new UserError(`${file}: no front matter`, {
      hint: 'Start the file with "---", then at least `kind:` and `date:` lines, then "---" (see the README, "Item format").',
    });
  }

  const result = frontMatterSchema.safeParse(parsed.data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${file}: ${issue.path.join('.') || 'front matter'}: ${issue.message}`);
    throw new UserError(problems[0]!, { details: problems.slice(1), hint: 'See the README, "Item format".' });
  }
  const data = result.data;
  if (!parseCalendarDate(data.date)) {
    throw new UserError(`${file}: date: "${data.date}" is not a valid date`, { hint: 'Write the date as YYYY-MM-DD, e.g. date: 2023-12-27.' });
  }
  const body = parsed.content.trim();
  const missing = requiredFields(data.kind).filter((field) => !data[field]);
  if (missing.length > 0) {
    throw new UserError(`${file}: ${missing.join(', ')}: required for a ${data.kind} item`, { hint: 'Add the missing field to the front matter.' });
  }
  if (!body && data.kind !== 'related') {
    throw new UserError(`${file}: the ${data.kind} item has no body`, {
      hint: data.url ? 'Write the text below the front matter (scraping a URL-only item is not supported yet).' : 'Write the text below the front matter.',
    });
  }

  const warnings = Object.keys(parsed.data)
    .filter((key) => !KNOWN_FIELDS.has(key))
    .map((key) => `${file}: unknown front matter field "${key}" is ignored`);
  return { item: { ...stripUndefined(data), file, body }, warnings };
}

function requiredFields(kind: Item['kind']): Array<'title' | 'url'> {
  if (kind === 'lead') return ['title'];
  if (kind === 'related') return ['title', 'url'];
  return [];
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
