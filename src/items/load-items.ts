import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { compareCodePoints } from '../shared/compare-code-points.js';
import { docPage } from '../shared/doc-page.js';
import { UserError } from '../shared/errors.js';
import { isDayInWeek, parseCalendarDate, type Week } from '../shared/week.js';
import { decodeUtf8 } from '../shared/utf8.js';
import { weekFolderOf, type Item } from './item.js';
import { calendarDay, FIELDS_HINT, parseItem } from './parse-item.js';
import { isItemFile, notAnItem, reservedNameOfItem } from './item-file-names.js';
import { walkDigests } from './walk-digests.js';

/** An item is one article's text; anything this big is a wrong file, and would overflow the text part. */
export const MAX_ITEM_BYTES = 1_000_000;

const READ_CONCURRENCY = 16;

export interface LoadedItems {
  items: Item[];
  warnings: string[];
}

/** Caches, outboxes and installed packages hold no items: not worth walking (or warning about their links). */
export const skipNonItems = (name: string): boolean => name.startsWith('.') || name === 'outbox' || name === 'node_modules';

/**
 * Markdown files under digests/ that are items: not build output, caches or READMEs. Skipped
 * links, and documents that look meant as items but are not markdown, go to `warnings`.
 */
export async function findItemFiles(digestsDir: string, warnings: string[] = [], root = process.cwd()): Promise<string[]> {
  const shown = (file: string) => path.relative(root, file) || file;
  const walked = await walkDigests(digestsDir, shown, skipNonItems);
  warnings.push(...walked.warnings);
  for (const entry of walked.files) {
    const why = notAnItem(entry) ?? (await reservedNameOfItem(path.join(digestsDir, entry)));
    if (why) warnings.push(`${shown(path.join(digestsDir, entry))}: ${why}`);
  }
  return walked.files
    .filter(isItemFile)
    .map((entry) => path.join(digestsDir, entry))
    .sort();
}

/**
 * Reads and parses every item; reports all broken files together rather than one per run. With
 * `week`, a broken file that cannot be one of that week's items (its folder names another week,
 * or its date line another date) is a warning, so a draft for later never stops this week's issue.
 */
export async function loadItems(digestsDir: string, root: string, options: { week?: Week } = {}): Promise<LoadedItems> {
  const warnings: string[] = [];
  const files = await findItemFiles(digestsDir, warnings, root);
  const items: Item[] = [];
  const problems: UserError[] = [];
  // A few files at a time: a digests/ of years holds thousands, more than a process may open at once.
  const limit = pLimit(READ_CONCURRENCY);
  const readOne = async (file: string) => {
    const shown = path.relative(root, file);
    let source: string | undefined;
    try {
      source = decodeItem(await readFile(file), shown);
      const parsed = parseItem(source, shown);
      items.push(parsed.item);
      warnings.push(...parsed.warnings);
    } catch (error) {
      const problem = error instanceof UserError ? error : new UserError(`${shown}: cannot read the item (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      const week = options.week;
      if (week && !mightBelongTo(shown, source, week)) {
        const reason = problem.message.startsWith(`${shown}: `) ? problem.message.slice(shown.length + 2) : problem.message;
        warnings.push(`${shown}: skipped, not part of ${week.label}: ${reason}`);
      } else problems.push(problem);
    }
  };
  await Promise.all(files.map((file) => limit(() => readOne(file))));
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) {
    problems.sort((a, b) => compareCodePoints(a.message, b.message));
    throw new UserError(`${problems.length} item files have problems:`, {
      // Each file keeps its own hint (quote a value containing ": ", save as UTF-8…), as when it is the only one.
      details: problems.flatMap((p) => [p.message, ...p.details, ...(p.hint && p.hint !== FIELDS_HINT ? [`  hint: ${p.hint}`] : [])]),
      hint: `Fix the files above; ${docPage('items.md')} lists the fields.`,
    });
  }
  items.sort((a, b) => compareCodePoints(a.date, b.date) || compareCodePoints(a.file, b.file));
  warnings.sort();
  return { items, warnings };
}

/** The file's text, refusing what would be silently mangled: bytes that are not UTF-8, and a file too big to be an item. */
function decodeItem(bytes: Buffer, shown: string): string {
  if (bytes.length > MAX_ITEM_BYTES) {
    throw new UserError(`${shown}: ${(bytes.length / 1e6).toFixed(1)} MB is too big for an item (the limit is ${MAX_ITEM_BYTES / 1e6} MB)`, {
      hint: "An item holds one article's text, and a whole issue must stay under Gmail's ~102 KB: is this the right file?",
    });
  }
  return decodeUtf8(bytes, shown);
}

/**
 * Whether a file that could not be read as an item might still be one of `week`'s: only a week
 * folder or a readable date rules it out, each read as for an item that parses (belongsToWeek).
 */
function mightBelongTo(file: string, source: string | undefined, week: Week): boolean {
  const folder = weekFolderOf(file);
  if (folder) return folder === week.label;
  const frontMatter = source ? /^\uFEFF?---[^\n]*\n([\s\S]*?)\n---/.exec(source)?.[1] : undefined;
  const value = frontMatter && /^date:[ \t]*(["']?)([^"'#\r\n]*)\1[ \t]*(?:#.*)?$/m.exec(frontMatter)?.[2]?.trim();
  const date = value ? calendarDay(value) : undefined;
  // Only a real date rules a file out: "2024-13-01" says nothing about where it belongs.
  return !date || !parseCalendarDate(date) || isDayInWeek(date, week);
}
