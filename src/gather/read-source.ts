import { UserError } from '../shared/errors.js';
import { fetchPage, type FetchOptions } from '../web/fetch-page.js';
import { readCachedPage, revalidatedFetch } from '../web/page-cache.js';
import type { RawEntry, SourceEntry } from './entry.js';
import { MAX_ENTRIES } from './feed-document.js';
import { SourceError } from './source-error.js';
import type { ResolvedSource } from './sources.js';

// Bump when the parsers change what they read, so cached entries are read again.
const PARSER_VERSION = 'entries-5';

export interface SourceOutcome {
  /** fetched: a new copy; unchanged: the server answered 304; failed: see `error`. */
  status: 'fetched' | 'unchanged' | 'failed';
  entries: SourceEntry[];
  /** Entries the source lists: more than `entries` when it lists over the cap (MAX_ENTRIES). */
  total: number;
  error?: { message: string; hint?: string };
  /** Failed, but the entries of the last good copy in the cache are used. */
  stale: boolean;
}

/** What the cache keeps of a page: its entries made safe, and how many it lists. */
interface ReadPage {
  entries: SourceEntry[];
  total: number;
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
  // The parsers and the sanitiser load only when a page has to be parsed: an unchanged source needs none.
  const read = async (page: { url: string; html: string }): Promise<ReadPage> => {
    let parsed: { entries: RawEntry[]; total: number };
    try {
      parsed = source.listing
        ? listed((await import('./parse-listing.js')).parseListingEntries(page.html, page.url, source.listing, `sources.${source.index}.listing`))
        : (await import('./parse-feed.js')).parseFeedEntries(page.html, page.url);
    } catch (error) {
      // What redirects led to is named too: the configured address may be fine and its target not.
      if (error instanceof SourceError && page.url !== source.url) throw new SourceError(`${error.message} (after redirects, at ${page.url})`, error.hint);
      throw error;
    }
    return { entries: (await import('./entry-text.js')).toSourceEntries(parsed.entries.slice(0, MAX_ENTRIES)), total: parsed.total };
  };
  // Listing selectors are part of what the cached entries depend on.
  const key = source.listing ? `${PARSER_VERSION} ${JSON.stringify(source.listing)}` : PARSER_VERSION;
  try {
    const result = await revalidatedFetch(
      source.url,
      options.cacheDir,
      (url, validators) => fetchPage(url, { ...options.fetch, accept: source.listing ? 'html' : 'feed', validators }),
      { key, read },
    );
    return { status: result.fromCache ? 'unchanged' : 'fetched', ...result.value, stale: false };
  } catch (error) {
    if (!(error instanceof UserError) && !(error instanceof SourceError)) throw error;
    const message = error instanceof SourceError ? `${source.url}: ${error.message}` : error.message;
    const failed = { status: 'failed' as const, error: { message, ...(error.hint ? { hint: error.hint } : {}) } };
    const cached = await readCachedPage(source.url, options.cacheDir);
    if (cached) {
      try {
        return { ...failed, ...(await read(cached)), stale: true };
      } catch {
        // The cached copy is no better.
      }
    }
    return { ...failed, entries: [], total: 0, stale: false };
  }
}

function listed(entries: RawEntry[]): { entries: RawEntry[]; total: number } {
  return { entries, total: entries.length };
}
