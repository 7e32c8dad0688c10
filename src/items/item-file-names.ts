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
