import matter from 'gray-matter';
import * as yaml from 'js-yaml';
import * as v from 'valibot';
import { compact } from '../shared/compact.js';
import { describeIssues } from '../shared/describe-issues.js';
import { docPage } from '../shared/doc-page.js';
import { UserError } from '../shared/errors.js';
import { parseCalendarDate } from '../shared/week.js';
import { ITEM_KINDS, needsScraping, type Item } from './item.js';
import { fieldWarnings, suggestField } from './field-warnings.js';

// CORE_SCHEMA keeps `date: 2023-02-30` a string we can reject, instead of a Date that silently rolls over.
// gray-matter's other engines are replaced: its `javascript` one evals the block (`---js`), and an item must never run code.
const refuseEngine = (): never => {
  throw new Error('only YAML front matter is allowed');
};
const matterOptions = {
  engines: { yaml: (text: string) => yaml.load(text, { schema: yaml.CORE_SCHEMA }) as object, javascript: refuseEngine, json: refuseEngine, coffee: refuseEngine },
};

// Control characters other than tab and newline: invisible in an editor, but ESC and OSC
// sequences drive terminals, and none belongs in a subject line or an email.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const noControls = v.check(
  (value: string) => !CONTROL.test(value),
  (issue: v.CheckIssue<string>) => {
    const code = CONTROL.exec(String(issue.input))![0].codePointAt(0)!;
    return `contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which cannot be shown; delete it (it usually comes with text copied from a terminal or a web page)`;
  },
);
const text = v.pipe(v.string('expected text'), noControls, v.trim(), v.minLength(1, 'must not be empty'));
const absoluteUrl = v.pipe(v.string('expected a URL'), noControls, v.regex(/^https?:\/\//i, 'expected an absolute http(s) URL'), v.url('expected an absolute http(s) URL'));

const frontMatterSchema = v.object({
  kind: v.pipe(v.string(`expected one of ${ITEM_KINDS.join(', ')}`), v.trim(), v.toLowerCase(), v.picklist(ITEM_KINDS, `expected one of ${ITEM_KINDS.join(', ')}`)),
  date: v.pipe(v.union([v.string(), v.number()], 'required: the day the item belongs to, as YYYY-MM-DD'), v.transform(String)),
  title: v.optional(text),
  dek: v.optional(text),
  author: v.optional(text),
  url: v.optional(absoluteUrl),
  source: v.optional(text),
  image: v.optional(absoluteUrl),
  alt: v.optional(text),
  caption: v.optional(text),
  credit: v.optional(text),
  heading: v.optional(text),
  kicker: v.optional(text),
  subject: v.optional(text),
  preheader: v.optional(text),
  readOriginal: v.optional(v.boolean('expected true or false')),
});

/** The hint of a field error; several broken files share the one hint of their list. */
export const FIELDS_HINT = `See ${docPage('items.md')} for the fields.`;

export const KNOWN_FIELDS: readonly string[] = Object.keys(frontMatterSchema.entries);

export interface ParsedItem {
  item: Item;
  warnings: string[];
}

/**
 * Parses one markdown item (design.md, "Items"). Pure: `file` is only used in messages.
 * Throws a UserError listing every problem in the file at once.
 */
export function parseItem(source: string, file: string): ParsedItem {
  refuseOtherLanguages(source.replace(/^\uFEFF/, ''), file);
  let parsed: matter.GrayMatterFile<string>;
  try {
    // YAML line numbers count from the opening "---" line, so they are the file's own line numbers.
    // Passing options also keeps gray-matter from caching parsed files by content.
    parsed = matter(source.replace(/^\uFEFF/, ''), matterOptions);
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason : (error as Error).message;
    const line = error instanceof yaml.YAMLException ? ` (line ${(error.mark?.line ?? 0) + 1})` : '';
    throw new UserError(`${file}: front matter is not valid YAML: ${reason}${line}`, {
      hint: 'Front matter is YAML between two "---" lines; quote values that contain ": " or start with a special character.',
    });
  }
  if (!source.trimStart().startsWith('---') || Object.keys(parsed.data).length === 0) {
    throw new UserError(`${file}: no front matter`, {
      hint: `Start the file with "---", then at least \`kind:\` and \`date:\` lines, then "---" (see ${docPage('items.md')}).`,
    });
  }

  const result = v.safeParse(frontMatterSchema, parsed.data);
  if (!result.success) {
    const problems = describeIssues(result.issues).map((line) => `${file}: ${line}`);
    throw new UserError(problems[0]!, { details: problems.slice(1), hint: FIELDS_HINT });
  }
  const data = { ...result.output, date: calendarDay(result.output.date) };
  if (!parseCalendarDate(data.date)) {
    throw new UserError(`${file}: date: "${data.date}" is not a valid date`, { hint: 'Write the date as YYYY-MM-DD, e.g. date: 2023-12-27.' });
  }
  const body = parsed.content.trim();
  // A lead or news item with a url and no text is scraped at compose time; the page supplies the rest.
  const scraped = needsScraping({ ...data, body });
  const missing = requiredFields(data.kind).filter((field) => !data[field] && !scraped);
  if (missing.length > 0) {
    // A misspelt field is the likeliest cause: name it here, since its own warning never shows once this fails.
    const misspelt = Object.keys(parsed.data).filter((key) => !KNOWN_FIELDS.includes(key) && missing.includes(suggestField(key, KNOWN_FIELDS) as 'title'));
    const hint = misspelt.length > 0 ? `Rename ${misspelt.map((key) => `\`${key}\` to \`${suggestField(key, KNOWN_FIELDS)}\``).join(' and ')}.` : 'Add the missing field to the front matter.';
    throw new UserError(`${file}: ${missing.join(', ')}: required for a ${data.kind} item`, { hint });
  }
  if (!body && data.kind !== 'related' && !scraped) {
    throw new UserError(`${file}: the ${data.kind} item has no body`, {
      hint: data.kind === 'state-dept' ? 'Write the note below the front matter.' : 'Write the text below the front matter, or give a `url:` to scrape it from.',
    });
  }

  const item: Item = { ...compact(data), file, body };
  return { item, warnings: fieldWarnings(Object.keys(parsed.data), item, KNOWN_FIELDS) };
}

/** `---js`, `---coffee`, `---json`…: gray-matter would pick another engine by that word; we read YAML only. */
function refuseOtherLanguages(source: string, file: string): void {
  const language = /^---(?!-)([^\r\n]*)/.exec(source)?.[1]?.trim();
  if (language && !/^ya?ml$/i.test(language)) {
    throw new UserError(`${file}: front matter must be YAML, but its first line "---${language}" asks for ${JSON.stringify(language)}`, {
      hint: 'watch-digest reads only YAML front matter and never runs code from an item: make the first line a plain "---".',
    });
  }
}

/** A date-time such as 2023-12-27T18:00:00-05:00 counts as the day it was written in. */
export function calendarDay(value: string): string {
  const dateTime = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/.exec(value);
  return dateTime && !Number.isNaN(Date.parse(value.replace(' ', 'T'))) ? dateTime[1]! : value;
}

function requiredFields(kind: Item['kind']): Array<'title' | 'url'> {
  if (kind === 'lead') return ['title'];
  if (kind === 'related') return ['title', 'url'];
  return [];
}

