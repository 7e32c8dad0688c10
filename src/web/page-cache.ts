import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FetchedPage, Validators } from './fetch-page.js';

interface CacheEntry {
  requested: string;
  url: string;
  html: string;
  etag?: string;
  lastModified?: string;
  /** What a reader made of the page, kept so an unchanged page is not parsed again. */
  derived?: { key: string; value: unknown };
}

/**
 * Fetched pages kept under digests/.cache/pages/, keyed by URL, so a second compose works
 * offline and gives the same bytes. `refresh` fetches again and replaces the entry.
 */
export async function cachedFetch(
  url: string,
  cacheDir: string,
  fetch: (url: string) => Promise<FetchedPage>,
  refresh = false,
): Promise<FetchedPage & { fromCache: boolean }> {
  const file = cacheFile(cacheDir, url);
  if (!refresh) {
    const cached = await readEntry(file, url);
    if (cached) return { url: cached.url, html: cached.html, fromCache: true };
  }
  const page = await fetch(url);
  await writeEntry(file, { requested: url, url: page.url, html: page.html, ...validatorsOf(page) });
  return { ...page, fromCache: false };
}

export interface Revalidated<T> {
  page: FetchedPage;
  /** What `read` made of the page. */
  value: T;
  /** The body came from the cache: the server said it had not changed (304). */
  fromCache: boolean;
}

export interface PageReader<T> {
  /** Names the reader and its version: a cached value made by another reader is read again. */
  key: string;
  /** Parses the page; its value must survive JSON. Throwing refuses the page. */
  read: (page: FetchedPage) => T | Promise<T>;
}

/**
 * For pages that change (feeds, listing pages): always asks the server, with the cached copy's
 * ETag / Last-Modified, so an unchanged page costs a 304 and no download, and the reader's
 * value kept with it costs no parsing either. Only a page the reader accepts replaces the
 * cached copy, so a broken answer never evicts the last good one. The cache file is rewritten
 * only when the page, its validators or the value changed.
 */
export async function revalidatedFetch<T>(
  url: string,
  cacheDir: string,
  fetch: (url: string, validators: Validators) => Promise<FetchedPage>,
  reader: PageReader<T>,
): Promise<Revalidated<T>> {
  const file = cacheFile(cacheDir, url);
  const cached = await readEntry(file, url);
  const page = await fetch(url, cached ? validatorsOf(cached) : {});
  const fresh = !(page.notModified && cached);
  const current = fresh ? page : { url: cached!.url, html: cached!.html, ...validatorsOf(cached!) };
  // A 304, or a 200 with the same body: the value read last time still holds.
  const known = cached !== undefined && cached.html === current.html && cached.derived?.key === reader.key;
  const value = known ? (cached.derived!.value as T) : await reader.read(current);
  const entry: CacheEntry = { requested: url, url: current.url, html: current.html, ...validatorsOf(current), derived: { key: reader.key, value } };
  if (!known || cached.url !== entry.url || cached.etag !== entry.etag || cached.lastModified !== entry.lastModified) await writeEntry(file, entry);
  return { page: current, value, fromCache: !fresh };
}

/** The cached copy of a page, whatever its age (for when the site is down), or undefined. */
export async function readCachedPage(url: string, cacheDir: string): Promise<FetchedPage | undefined> {
  const cached = await readEntry(cacheFile(cacheDir, url), url);
  return cached && { url: cached.url, html: cached.html };
}

function cacheFile(cacheDir: string, url: string): string {
  return path.join(cacheDir, 'pages', createHash('sha256').update(url).digest('hex').slice(0, 40) + '.json');
}

async function readEntry(file: string, url: string): Promise<CacheEntry | undefined> {
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as CacheEntry;
    // A copy an older version fetched through a redirect to data: or file: is no copy of the page.
    return cached.requested === url && /^https?:\/\//i.test(cached.url) ? cached : undefined;
  } catch {
    // Not cached yet (or unreadable): fetch it.
    return undefined;
  }
}

async function writeEntry(file: string, entry: CacheEntry): Promise<void> {
  // A unique name, so two writes of the same page at once never interleave in one temp file.
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, JSON.stringify(entry));
    await rename(temp, file);
  } catch {
    // The cache only saves a fetch next time: a full disk or a read-only checkout must not fail the job.
    await rm(temp, { force: true }).catch(() => {});
  }
}

function validatorsOf(page: Validators): Validators {
  return { ...(page.etag ? { etag: page.etag } : {}), ...(page.lastModified ? { lastModified: page.lastModified } : {}) };
}
