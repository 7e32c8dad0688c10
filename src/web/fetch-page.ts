import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, UserError } from '../shared/errors.js';
import { failure, networkError, printable, RetryableError, tooLarge, type Hop } from './fetch-errors.js';
import { readCapped } from './read-body.js';
import { decodeBody } from './decode-body.js';

export interface FetchOptions {
  /** The network, passed in so tests and callers can choose it. */
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Further attempts after a 5xx reply or a timeout (never after a 4xx). */
  retries?: number;
  backoffMs?: number;
  userAgent?: string;
  /** What the caller reads: an HTML page (the default) or a feed (RSS, Atom, JSON Feed; content types vary in the wild). */
  accept?: 'html' | 'feed';
  /** Validators from an earlier fetch: a conditional request, answered by 304 when nothing changed. */
  validators?: Validators;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface FetchedPage {
  /** Where the page was found, after redirects. */
  url: string;
  /** The decoded body (HTML, or a feed's XML or JSON); empty when `notModified`. */
  html: string;
  etag?: string;
  lastModified?: string;
  /** The server answered 304 to a conditional request: the caller's copy is current. */
  notModified?: boolean;
}

export const DEFAULT_USER_AGENT = 'watch-digest/0.1 (+https://github.com/watch-digest/watch-digest; newsletter item scraper)';
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;
// Feeds are served as rss+xml, atom+xml, xml, json, text/plain, even text/html: refuse only what cannot be text.
const NOT_TEXT_TYPES = /^(image|audio|video|font)\/|^application\/(pdf|zip|gzip|octet-stream|msword|vnd\.)/i;
const ACCEPT = {
  html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  feed: 'application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.1',
};

/** Checks a URL argument before anything goes on the network. */
export function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`"${text}" is not a URL`, 'Give a full address such as https://example.org/article.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`"${text}" is not an http(s) URL`);
  return url;
}

/**
 * The one function here that touches the network: fetches an HTML page with a timeout, a size
 * cap, a bounded number of http(s)-only redirects, and one retry with backoff on 5xx replies and
 * timeouts. Decodes the body by its byte-order mark, else the charset of the header, the XML
 * declaration or a <meta> tag, else UTF-8. Every error names `address` (what the editor gave)
 * first, and the hop it failed at when redirects led elsewhere.
 */
export async function fetchPage(address: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const retries = options.retries ?? 1;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce(address, options);
    } catch (error) {
      if (!(error instanceof RetryableError) || attempt >= retries) throw error instanceof RetryableError ? error.userError : error;
      await sleep((options.backoffMs ?? 1_000) * 2 ** attempt);
    }
  }
}

async function fetchOnce(address: string, options: FetchOptions): Promise<FetchedPage> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(timeoutMs);
  const visited: string[] = [];
  const hop: Hop = { address, url: parseHttpUrl(address).href, redirects: 0 };

  for (;;) {
    let response: Response;
    try {
      response = await doFetch(hop.url, { redirect: 'manual', signal, headers: requestHeaders(options) });
    } catch (error) {
      throw networkError(hop, error, timeoutMs);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      visited.push(hop.url);
      const next = nextHop(hop, location);
      if (visited.includes(next)) throw failure(hop, `redirect loop (${[...visited, next].join(' -> ')})`);
      if (visited.length > maxRedirects) throw failure(hop, `more than ${maxRedirects} redirects`);
      hop.url = next;
      hop.redirects++;
      continue;
    }
    if (response.status === 304 && (options.validators?.etag || options.validators?.lastModified)) {
      await response.body?.cancel();
      return { url: hop.url, html: '', notModified: true, ...validatorsOf(response, options.validators) };
    }
    if (!response.ok) {
      await response.body?.cancel();
      const reason = printable(response.statusText);
      const error = failure(
        hop,
        `HTTP ${response.status}${reason ? ` ${reason}` : ''}`,
        response.status === 404 || response.status === 410 ? 'Check the address; the page is gone or never existed.' : 'The site failed; try again later.',
      );
      if (response.status >= 500) throw new RetryableError(error);
      throw error;
    }
    const type = response.headers.get('content-type') ?? '';
    if (options.accept === 'feed' ? NOT_TEXT_TYPES.test(type) : type && !HTML_TYPES.test(type)) {
      await response.body?.cancel();
      const shown = printable(type.split(';')[0]!);
      if (options.accept === 'feed') throw failure(hop, `not a feed or page (${shown})`, 'Use the address of the RSS, Atom or JSON feed, or of the listing page.');
      throw failure(hop, `not an HTML page (${shown})`, 'Link to the article page itself, not to a PDF, image or feed.');
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw tooLarge(hop, maxBytes, options.accept);
    }
    let bytes: Buffer;
    try {
      bytes = await readCapped(response, maxBytes, hop, options.accept);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw networkError(hop, error, timeoutMs);
    }
    return { url: hop.url, html: decodeBody(bytes, type), ...validatorsOf(response) };
  }
}

/**
 * The redirect's target, when it is an http(s) URL: a `data:` document must never pass for the
 * page (nor `file:`, `javascript:`, `ftp:` be asked for), at the first hop or the fifth.
 */
function nextHop(hop: Hop, location: string): string {
  const shown = `redirect ${hop.redirects + 1} (from ${hop.url})`;
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch {
    throw failure(hop, `${shown} leads to "${printable(location).slice(0, 100)}", which is not a URL`, 'The site is misconfigured; tell its owner.');
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    // A data: URL is a whole document: name only its scheme.
    const target = next.protocol === 'data:' ? 'a data: URL' : `${next.protocol} (${printable(next.href).slice(0, 100)})`;
    throw failure(hop, `${shown} leads to ${target}; only http: and https: redirects are followed`, 'Use an address that serves the page itself over http(s).');
  }
  return next.href;
}

function requestHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: ACCEPT[options.accept ?? 'html'] };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  return headers;
}

/** The response's validators; a 304 may omit them, so the ones sent stay valid. */
function validatorsOf(response: Response, sent: Validators = {}): Validators {
  const etag = response.headers.get('etag') ?? sent.etag;
  const lastModified = response.headers.get('last-modified') ?? sent.lastModified;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}
