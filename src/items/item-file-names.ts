import { open } from 'node:fs/promises';
import path from 'node:path';

/** Markdown as editors save it: `.md`, `.markdown` and their shorter cousins, in any case. */
const MARKDOWN = /\.(md|markdown|mdown|mkd|mkdn|mdwn)$/i;

/** Files under digests/ that are never items, whatever their extension: the inbox, READMEs, the plain-text part of a built issue. */
const NOT_ITEMS = new Set(['readme.md', 'readme.markdown', 'inbox.md', 'issue.txt']);

/** Documents an editor may have meant as an item, but saved in a form items are not read from. */
const DOCUMENTS = /\.(txt|text|rtf|doc|docx|odt|pages)$/i;

export function isItemFile(file: string): boolean {
  const name = path.basename(file);
  return MARKDOWN.test(name) && !NOT_ITEMS.has(name.toLowerCase());
}

/**
 * Why a file under digests/ that looks like writing is not read, or undefined for files that are
 * items or plainly something else (build output, images, the send ledger): nothing an editor
 * wrote is dropped without a word.
 */
export function notAnItem(file: string): string | undefined {
  const name = path.basename(file);
  if (isItemFile(file) || NOT_ITEMS.has(name.toLowerCase())) return undefined;
  const extension = path.extname(name);
  if (!DOCUMENTS.test(name) && extension !== '') return undefined;
  const renamed = `${extension ? name.slice(0, -extension.length) : name}.md`;
  return `not read: items are markdown files ending in .md; if this is an item, rename it to ${renamed}`;
}

/** Enough of a file to see whether it opens with front matter naming a kind. */
const HEAD_BYTES = 4096;
const ITEM_FRONT_MATTER = /^\uFEFF?---\r?\n(?:.*\r?\n)*?kind\s*:/;

/**
 * Why a file never read as an item (a README, the inbox) should have been one: it opens with an
 * item's front matter. Undefined for every other file.
 */
export async function reservedNameOfItem(file: string): Promise<string | undefined> {
  const name = path.basename(file);
  if (!MARKDOWN.test(name) || !NOT_ITEMS.has(name.toLowerCase())) return undefined;
  const handle = await open(file).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    if (!ITEM_FRONT_MATTER.test(buffer.subarray(0, bytesRead).toString('utf8'))) return undefined;
  } finally {
    await handle.close();
  }
  return `not read: a file named ${name} is never an item (READMEs and the inbox are skipped), though it has an item's front matter; if it is an item, give it another name`;
}
