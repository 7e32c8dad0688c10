import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FetchedPage, Validators } from './fetch-page.js';

/**
 * What is known of a page, as the first line of its file (JSON has no raw newline); the body
 * follows, so an unchanged page's value is read without reading its body.
 */
interface CacheEntry {
  requested: string;
  url: string;
  /** sha256 of the body, so a copy is known to be the one described. */
  body: string;
  etag?: string;
  lastModified?: string;
  /** What a reader made of the page, kept so an unchanged page is neither read from disk nor parsed again. */
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
  if (!refresh) {
    const cached = await readCachedPage(url, cacheDir);
    if (cached) return { ...cached, fromCache: true };
  }
  const page = await fetch(url);
  await writeEntry(cacheFile(cacheDir, url), { requested: url, url: page.url, body: digest(page.html), ...validatorsOf(page) }, Buffer.from(page.html));
  return { ...page, fromCache: false };
}

export interface Revalidated<T> {
  /** Where the page was found, after redirects. */
  url: string;
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
 * value kept with it costs no parsing, nor even reading the body from disk (a feed at the
 * size limit is 100 MB). Only a page the reader accepts replaces the cached copy, so a broken
 * answer never evicts the last good one. The cache is rewritten only when the page, its
 * validators or the value changed.
 */
export async function revalidatedFetch<T>(
  url: string,
  cacheDir: string,
  fetch: (url: string, validators: Validators) => Promise<FetchedPage>,
  reader: PageReader<T>,
): Promise<Revalidated<T>> {
  const file = cacheFile(cacheDir, url);
  const cached = await readEntry(file, url);
  const valueOf = (entry: CacheEntry | undefined) => (entry?.derived?.key === reader.key ? (entry.derived as { value: T }) : undefined);
  const page = await fetch(url, cached ? validatorsOf(cached) : {});
  if (page.notModified && cached) {
    const known = valueOf(cached);
    if (known) return { url: cached.url, value: known.value, fromCache: true };
    const html = await readBody(file, cached);
    // The value of another reader, and no copy of the body to read again: ask for the whole page.
    if (html === undefined) return revalidatedFetch(url, cacheDir, (address) => fetch(address, {}), reader);
    const value = await reader.read({ url: cached.url, html });
    await writeEntry(file, { ...cached, derived: { key: reader.key, value } }, Buffer.from(html));
    return { url: cached.url, value, fromCache: true };
  }
  const body = digest(page.html);
  // A 200 with the same body: the value read last time still holds.
  const known = cached?.body === body ? valueOf(cached) : undefined;
  const value = known ? known.value : await reader.read(page);
  const entry: CacheEntry = { requested: url, url: page.url, body, ...validatorsOf(page), derived: { key: reader.key, value } };
  if (!known || cached!.url !== entry.url || cached!.etag !== entry.etag || cached!.lastModified !== entry.lastModified) {
    await writeEntry(file, entry, Buffer.from(page.html));
  }
  return { url: page.url, value, fromCache: false };
}

/** The cached copy of a page, whatever its age (for when the site is down), or undefined. */
export async function readCachedPage(url: string, cacheDir: string): Promise<FetchedPage | undefined> {
  const file = cacheFile(cacheDir, url);
  const cached = await readEntry(file, url);
  const html = cached && (await readBody(file, cached));
  return html === undefined ? undefined : { url: cached!.url, html };
}

function cacheFile(cacheDir: string, url: string): string {
  return path.join(cacheDir, 'pages', createHash('sha256').update(url).digest('hex').slice(0, 40) + '.json');
}

/** The entry on a file's first line, read a piece at a time up to that line's end. */
async function readEntry(file: string, url: string): Promise<CacheEntry | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      const pieces: Buffer[] = [];
      for (let position = 0; ; ) {
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(65_536), 0, 65_536, position);
        const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
        pieces.push(buffer.subarray(0, end >= 0 ? end : bytesRead));
        if (end >= 0 || bytesRead === 0) break;
        position += bytesRead;
      }
      const cached = JSON.parse(Buffer.concat(pieces).toString('utf8')) as CacheEntry;
      // A copy an older version fetched through a redirect to data: or file: is no copy of the page.
      return cached.requested === url && typeof cached.body === 'string' && /^https?:\/\//i.test(cached.url) ? cached : undefined;
    } finally {
      await handle.close();
    }
  } catch {
    // Not cached yet, unreadable, or of an older layout: fetch it.
    return undefined;
  }
}

/** The body after the entry's line, or undefined when it is missing or another (a write cut short). */
async function readBody(file: string, entry: CacheEntry): Promise<string | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  const newline = bytes?.indexOf(0x0a) ?? -1;
  if (!bytes || newline < 0) return undefined;
  const html = bytes.subarray(newline + 1).toString('utf8');
  return digest(html) === entry.body ? html : undefined;
}

/** The entry's line, then the body, through a temporary file so a reader never sees half of it. */
async function writeEntry(file: string, entry: CacheEntry, body: Buffer): Promise<void> {
  // A unique name, so two writes of the same page at once never interleave in one temp file.
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, [Buffer.from(JSON.stringify(entry) + '\n'), body]);
    await rename(temp, file);
  } catch {
    // The cache only saves a fetch next time: a full disk or a read-only checkout must not fail the job.
    await rm(temp, { force: true }).catch(() => {});
  }
}

function digest(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

function validatorsOf(page: Validators): Validators {
  return { ...(page.etag ? { etag: page.etag } : {}), ...(page.lastModified ? { lastModified: page.lastModified } : {}) };
}
