import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ItemKind } from '../items/item.js';
import { findItemFiles, skipNonItems } from '../items/load-items.js';
import { walkDigests } from '../items/walk-digests.js';
import { parseItem } from '../items/parse-item.js';
import { canonicalUrl } from './canonical-url.js';

const URL_IN_TEXT = /https?:\/\/[^\s<>()[\]"'`]+/g;

export interface DigestsScan {
  /** Canonical URL -> the file (relative to the project) that used it. */
  usedUrls: Map<string, string>;
  /** The items that parse, for questions such as "has this week a State Department note?". */
  items: Array<{ file: string; kind: ItemKind; date: string }>;
}

/**
 * Every article already used: links in the item files under digests/ (front matter and body,
 * read as text so a half-written item counts too) and the items of built issues' manifests.
 */
export async function scanDigests(digestsDir: string, root: string): Promise<DigestsScan> {
  const used = new Map<string, string>();
  const items: DigestsScan['items'] = [];
  const add = (url: string, where: string) => {
    const key = canonicalUrl(url.replace(/[.,;:!?]+$/, ''));
    if (!used.has(key)) used.set(key, where);
  };
  for (const file of await findItemFiles(digestsDir)) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const shown = path.relative(root, file);
    for (const url of text.match(URL_IN_TEXT) ?? []) add(url, shown);
    try {
      const { item } = parseItem(text, shown);
      items.push({ file: shown, kind: item.kind, date: item.date });
    } catch {
      // A broken item still counts for its links above; compose names its problem.
    }
  }
  for (const manifest of await findManifests(digestsDir)) {
    try {
      const { items } = JSON.parse(await readFile(manifest, 'utf8')) as { items?: Array<{ url?: unknown }> };
      for (const item of items ?? []) if (typeof item.url === 'string') add(item.url, path.relative(root, manifest));
    } catch {
      // A manifest that cannot be read names no used URLs; compose and check report it.
    }
  }
  return { usedUrls: used, items };
}

/** Built issues' manifests, found as items are (caches, outboxes and node_modules are not walked). */
async function findManifests(digestsDir: string): Promise<string[]> {
  // Links and unreadable folders are compose's to report; here they only mean fewer known URLs.
  const walked = await walkDigests(digestsDir, (file) => file, skipNonItems).catch(() => ({ files: [] as string[] }));
  return walked.files.filter((entry) => path.basename(entry) === 'issue.json').map((entry) => path.join(digestsDir, entry));
}
