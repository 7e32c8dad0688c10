import { UserError } from '../shared/errors.js';
import { PULL_PATH, type PullResponse } from './protocol.js';
import type { StoredRequest } from './store.js';

/** A page of 500 requests is about 60 KB; anything far larger is not our endpoint answering. */
const MAX_PAGE_BYTES = 4 * 1024 * 1024;
/** 500,000 requests at 500 a page: a bound on a misbehaving endpoint, never reached by a real one. */
const MAX_PAGES = 1000;
const TIMEOUT_MS = 30_000;

/** The pull address: the given URL, with /requests added when it names only the endpoint's origin. */
export function pullUrl(given: string): URL {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UserError(`--pull "${given}" is not a URL`, { hint: 'Give the endpoint\'s pull address, e.g. https://unsubscribe.your-domain.org/requests.' });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || /^127\./.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UserError(`--pull ${url.origin}: the pull address must be https:// (the secret travels with it)`, { hint: 'Use the https:// address of your endpoint; plain http is accepted only on this machine (127.0.0.1).' });
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = PULL_PATH;
  return url;
}

/**
 * The requests the endpoint recorded after `cursor`, a page at a time, each page handed to
 * `onPage` before the next is asked for (memory stays one page). Returns the cursor to start
 * from next time. Errors name the endpoint's origin, never the secret.
 */
export async function pullRequests(
  url: URL,
  secret: string,
  cursor: string | undefined,
  onPage: (requests: StoredRequest[]) => Promise<void>,
  fetchFn: typeof fetch = fetch,
): Promise<string | undefined> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const address = new URL(url);
    if (cursor) address.searchParams.set('after', cursor);
    const body = await fetchPage(address, secret, fetchFn);
    await onPage(body.requests);
    cursor = body.cursor ?? cursor;
    if (!body.more) return cursor;
  }
  throw new UserError(`${url.origin}: still more requests after ${MAX_PAGES} pages`, { hint: 'Run the pull again: it goes on from where this one stopped.' });
}

async function fetchPage(address: URL, secret: string, fetchFn: typeof fetch): Promise<PullResponse> {
  const where = `${address.origin}${address.pathname}`;
  let response: Response;
  try {
    response = await fetchFn(address, { headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UserError(`cannot reach the unsubscribe endpoint at ${where} (${cause}): nothing was pulled`, { hint: 'Check the address and that the endpoint is running; then pull again.' });
  }
  if (response.status === 401) throw new UserError(`${where} refused UNSUBSCRIBE_PULL_SECRET (401)`, { hint: 'Set the same UNSUBSCRIBE_PULL_SECRET here as on the endpoint.' });
  if (!response.ok) throw new UserError(`${where} answered HTTP ${response.status}: nothing was pulled`, { hint: 'Check the endpoint\'s log; then pull again.' });
  const text = await limitedText(response, MAX_PAGE_BYTES);
  const body = parseBody(text);
  if (!body) throw new UserError(`${where} did not answer as a watch-digest unsubscribe endpoint (not the JSON of a pull)`, { hint: 'Give the pull address of the endpoint (…/requests), not its unsubscribe page.' });
  return body;
}

async function limitedText(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return '';
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseBody(text: string): PullResponse | undefined {
  try {
    const body = JSON.parse(text) as Partial<PullResponse>;
    if (!Array.isArray(body.requests) || typeof body.more !== 'boolean') return undefined;
    const requests = body.requests.filter((r): r is StoredRequest => typeof r?.token === 'string' && typeof r.at === 'string');
    return { requests, cursor: typeof body.cursor === 'string' ? body.cursor : null, more: body.more };
  } catch {
    return undefined;
  }
}
