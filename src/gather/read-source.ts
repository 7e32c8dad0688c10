import { UserError } from '../errors.js';
import { fetchPage, type FetchOptions } from '../items/scrape/fetch-page.js';
import { readCachedPage, revalidatedFetch } from '../items/scrape/page-cache.js';
import type { RawEntry } from './entry.js';
import { parseFeedEntries, SourceError } from './parse-feed.js';
import { parseListingEntries } from './parse-listing.js';
import type { ResolvedSource } from './sources.js';

export interface SourceOutcome {
  /** fetched: a new copy; unchanged: the server answered 304; failed: see `error`. */
  status: 'fetched' | 'unchanged' | 'failed';
  entries: RawEntry[];
  error?: { message: string; hint?: string };
  /** Failed, but the entries of the last good copy in the cache are used. */
  stale: boolean;
}

export interface ReadSourceOptions {
  cacheDir: string;
  fetch: FetchOptions;
}

/**
 * Fetches one source (conditionally, through the page cache) and reads its entries. Never
 * throws for the source's own faults: a network error, an HTTP error or an unreadable
 * document becomes a failed outcome, with the last good copy's entries when there is one.
 */
export async function readSource(source: ResolvedSource, options: ReadSourceOptions): Promise<SourceOutcome> {
  const read = (page: { url: string; html: string }) =>
    source.listing ? parseListingEntries(page.html, page.url, source.listing, `sources.${source.index}.listing`) : parseFeedEntries(page.html, page.url);
  try {
    const result = await revalidatedFetch(
      source.url,
      options.cacheDir,
      (url, validators) => fetchPage(url, { ...options.fetch, accept: source.listing ? 'html' : 'feed', validators }),
      read,
    );
    return { status: result.fromCache ? 'unchanged' : 'fetched', entries: result.value, stale: false };
  } catch (error) {
    if (!(error instanceof UserError) && !(error instanceof SourceError)) throw error;
    const message = error instanceof SourceError ? `${source.url}: ${error.message}` : error.message;
    const failed = { status: 'failed' as const, error: { message, ...(error.hint ? { hint: error.hint } : {}) } };
    const cached = await readCachedPage(source.url, options.cacheDir);
    if (cached) {
      try {
        return { ...failed, entries: read(cached), stale: true };
      } catch {
        // The cached copy is no better.
      }
    }
    return { ...failed, entries: [], stale: false };
  }
}
