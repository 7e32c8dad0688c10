import { UserError } from '../shared/errors.js';
import type { FetchOptions } from './fetch-page.js';

/** Where a fetch stands: the address the caller gave, and the hop it has reached. */
export interface Hop {
  address: string;
  url: string;
  redirects: number;
}

/** "https://a.example/feed: <what>", naming the hop when redirects led elsewhere. */
export function failure(hop: Hop, what: string, hint?: string): UserError {
  const at = hop.redirects ? ` (after ${hop.redirects} redirect${hop.redirects === 1 ? '' : 's'}, at ${hop.url})` : '';
  return new UserError(`${hop.address}: ${what}${at}`, hint ? { hint } : {});
}

/** A failure worth another attempt (a 5xx reply, a timeout, a dropped connection); carries what to show if none is left. */
export class RetryableError extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
  }
}

/** Server-given text (a status reason, a content type) fit for one line of a terminal: printable ASCII only. */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]+/g, '').trim().slice(0, 100);
}

/** A body over the size cap: for a feed, the config setting that raises it. */
export function tooLarge(hop: Hop, maxBytes: number, accept: FetchOptions['accept']): UserError {
  const size = `${Number((maxBytes / 1024 / 1024).toFixed(2))} MB`;
  if (accept === 'feed') return failure(hop, `larger than ${size}`, 'If the feed is really this large, raise "scrape.maxMegabytes" in the config.');
  return failure(hop, `the page is larger than ${size}`, 'Is this really an article page?');
}

/** What the network said, as the user sees it; timeouts and dropped connections may be tried again. */
export function networkError(hop: Hop, error: unknown, timeoutMs: number): Error {
  const cause = (error as { cause?: { code?: string } }).cause;
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new RetryableError(failure(hop, `no answer within ${timeoutMs / 1000} s`, 'The site is slow or unreachable; try again later.'));
  }
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failure(hop, 'the host name does not resolve (DNS)', 'Check the address for typos.');
  if (code === 'ECONNREFUSED') return failure(hop, 'connection refused', 'Check the address and port; the server is not accepting connections.');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new RetryableError(failure(hop, 'the connection was dropped', 'Try again later.'));
  return failure(hop, `cannot fetch (${printable(code ?? (error as Error).message)})`);
}
