import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, UserError } from '../shared/errors.js';

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
 * cap, a bounded number of redirects, and one retry with backoff on 5xx replies and timeouts.
 * Decodes the body by the charset of the header, else of a <meta> tag, else UTF-8.
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

class RetryableError extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
  }
}

async function fetchOnce(address: string, options: FetchOptions): Promise<FetchedPage> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(timeoutMs);
  const visited: string[] = [];
  let url = parseHttpUrl(address).href;

  for (;;) {
    let response: Response;
    try {
      response = await doFetch(url, {
        redirect: 'manual',
        signal,
        headers: requestHeaders(options),
      });
    } catch (error) {
      throw networkError(url, error, timeoutMs);
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      visited.push(url);
      const next = new URL(response.headers.get('location')!, url).href;
      if (visited.includes(next)) throw new UserError(`${address}: redirect loop (${[...visited, next].join(' -> ')})`);
      if (visited.length > maxRedirects) throw new UserError(`${address}: more than ${maxRedirects} redirects`);
      url = next;
      continue;
    }
    if (response.status === 304 && (options.validators?.etag || options.validators?.lastModified)) {
      await response.body?.cancel();
      return { url, html: '', notModified: true, ...validatorsOf(response, options.validators) };
    }
    if (!response.ok) {
      await response.body?.cancel();
      const error = new UserError(`${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, {
        hint: response.status === 404 || response.status === 410 ? 'Check the address; the page is gone or never existed.' : 'The site failed; try again later.',
      });
      if (response.status >= 500) throw new RetryableError(error);
      throw error;
    }
    const type = response.headers.get('content-type') ?? '';
    if (options.accept === 'feed' ? NOT_TEXT_TYPES.test(type) : type && !HTML_TYPES.test(type)) {
      await response.body?.cancel();
      if (options.accept === 'feed') throw new UserError(`${url}: not a feed or page (${type.split(';')[0]})`, { hint: 'Use the address of the RSS, Atom or JSON feed, or of the listing page.' });
      throw new UserError(`${url}: not an HTML page (${type.split(';')[0]})`, { hint: 'Link to the article page itself, not to a PDF, image or feed.' });
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw tooLarge(url, maxBytes, options.accept);
    }
    let bytes: Buffer;
    try {
      bytes = await readCapped(response, maxBytes, url, options.accept);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw networkError(url, error, timeoutMs);
    }
    return { url, html: decode(bytes, type), ...validatorsOf(response) };
  }
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

async function readCapped(response: Response, maxBytes: number, url: string, accept: FetchOptions['accept']): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw tooLarge(url, maxBytes, accept);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function tooLarge(url: string, maxBytes: number, accept: FetchOptions['accept']): UserError {
  const size = `${Number((maxBytes / 1024 / 1024).toFixed(2))} MB`;
  if (accept === 'feed') return new UserError(`${url}: larger than ${size}`, { hint: 'If the feed is really this large, raise "scrape.maxMegabytes" in the config.' });
  return new UserError(`${url}: the page is larger than ${size}`, { hint: 'Is this really an article page?' });
}

function networkError(url: string, error: unknown, timeoutMs: number): Error {
  const cause = (error as { cause?: { code?: string } }).cause;
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new RetryableError(new UserError(`${url}: no answer within ${timeoutMs / 1000} s`, { hint: 'The site is slow or unreachable; try again later.' }));
  }
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UserError(`${url}: the host name does not resolve (DNS)`, { hint: 'Check the address for typos.' });
  if (code === 'ECONNREFUSED') return new UserError(`${url}: connection refused`, { hint: 'Check the address and port; the server is not accepting connections.' });
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new RetryableError(new UserError(`${url}: the connection was dropped`, { hint: 'Try again later.' }));
  return new UserError(`${url}: cannot fetch (${code ?? (error as Error).message})`);
}

/** Charset from the Content-Type header, else from the XML declaration or a <meta> tag in the first bytes, else UTF-8. */
function decode(bytes: Buffer, contentType: string): string {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const label =
    /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ??
    'utf-8';
  if (/^utf-?8$/i.test(label)) return bytes.toString('utf8').replace(/^\uFEFF/, '');
  // iconv-lite rather than TextDecoder: Node 20 decodes windows-1252 as ISO-8859-1, losing curly quotes and dashes.
  // Loaded only for other charsets: its tables cost more to load than most pages cost to read.
  const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconv.encodingExists(label) ? iconv.decode(bytes, label) : bytes.toString('utf8');
}
