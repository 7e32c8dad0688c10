import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Item } from './item.js';
import { parseItem } from './parse-item.js';

export interface LoadedItems {
  items: Item[];
  warnings: string[];
}

/** Markdown files under digests/ that are items: not build output, caches or READMEs. */
export async function findItemFiles(digestsDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(digestsDir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.endsWith('.md'))
    .filter((entry) => {
      const parts = entry.split(path.sep);
      const name = parts.at(-1)!.toLowerCase();
      return name !== 'readme.md' && name !== 'inbox.md' && !parts.some((part) => part.startsWith('.') || part === 'outbox' || part === 'node_modules');
    })
    .map((entry) => path.join(digestsDir, entry))
    .sort();
}

/** Reads and parses every item; reports all broken files together rather than one per run. */
export async function loadItems(digestsDir: string, root: string): Promise<LoadedItems> {
  const files = await findItemFiles(digestsDir);
  const items: Item[] = [];
  const warnings: string[] = [];
  const problems: UserError[] = [];
  await Promise.all(
    files.map(async (file) => {
      const shown = path.relative(root, file);
      try {
        const parsed = parseItem(await readFile(file, 'utf8'), shown);
        items.push(parsed.item);
        warnings.push(...parsed.warnings);
      } catch (error) {
        if (!(error instanceof UserError)) {
          throw new UserError(`${shown}: cannot read the item (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        }
        problems.push(error);
      }
    }),
  );
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) {
    problems.sort((a, b) => a.message.localeCompare(b.message));
    throw new UserError(`${problems.length} item files have problems:`, {
      details: problems.flatMap((p) => [p.message, ...p.details]),
      hint: 'Fix the files above; the README, "Item format", lists the fields.',
    });
  }
  items.sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file));
  warnings.sort();
  return { items, warnings };
}
