import { TOKEN_SHAPE } from '../audience/token-layout.js';
import { toBase64Url, webTokenVerifier } from '../audience/unsubscribe-token-web.js';
import { pageResponse } from './page.js';
import { PULL_PATH, secretProblem } from './protocol.js';
import { answerPull } from './pull.js';
import type { RequestStore } from './store.js';

/** A link is far shorter; anything longer is not one of ours. */
const MAX_URL = 4096;
/** A one-click POST carries `List-Unsubscribe=One-Click`; the button's form the same. */
const MAX_BODY = 8 * 1024;

export interface EndpointSettings {
  /** UNSUBSCRIBE_SECRET: the key the tokens were made with. */
  secret: string | undefined;
  /** UNSUBSCRIBE_PULL_SECRET: lets `watch-digest unsubscribe --pull` read the requests. */
  pullSecret: string | undefined;
  /** The newsletter's name, shown on the pages. */
  newsletter: string;
  store: RequestStore;
  now?: () => Date;
  /** One line per request; never a whole token, never an address. */
  log?: (line: string) => void;
}

/**
 * The unsubscribe endpoint as one fetch handler (standard Request in, Response out), the same on
 * Node (`watch-digest unsubscribe-server`) and on Cloudflare Workers:
 * - GET (or HEAD) on the link: a page naming the newsletter with one Unsubscribe button, so a
 *   mail scanner that follows links unsubscribes nobody;
 * - POST on the link (the button, or a mail client's RFC 8058 one-click `List-Unsubscribe=One-Click`):
 *   the token is verified and the request recorded, answering 200, the same every time;
 * - a tampered, foreign, malformed or missing token: the same neutral page with 400, recording nothing;
 * - GET /requests with the pull secret: what was recorded, for `unsubscribe --pull`.
 */
export function unsubscribeEndpoint(settings: EndpointSettings): (request: Request) => Promise<Response> {
  const { store, newsletter } = settings;
  const now = settings.now ?? (() => new Date());
  const log = settings.log ?? (() => {});
  const misconfigured = secretProblem('UNSUBSCRIBE_SECRET', settings.secret);
  const verifier = webTokenVerifier(settings.secret ?? '');
  const keyOf = readerKey(settings.secret ?? '');
  return async (request) => {
    const started = `${request.method} ${shortPath(request.url)}`;
    const { response, outcome } = await answer(request).catch((error: unknown) => ({
      response: pageResponse('unavailable', newsletter, 503),
      outcome: `failed: ${(error as Error).message ?? error}`,
    }));
    log(`${started} -> ${response.status} ${outcome}`);
    return response;
  };

  async function answer(request: Request): Promise<{ response: Response; outcome: string }> {
    const head = request.method === 'HEAD';
    if (request.url.length > MAX_URL) return { response: pageResponse('invalid', newsletter, 414, head), outcome: 'URL too long' };
    const url = new URL(request.url);
    if (url.pathname === PULL_PATH) return answerPull(request, url, store, secretProblem('UNSUBSCRIBE_PULL_SECRET', settings.pullSecret) ? undefined : settings.pullSecret);
    if (misconfigured) return { response: pageResponse('unavailable', newsletter, 503, head), outcome: `not configured: ${misconfigured}` };
    if (!['GET', 'HEAD', 'POST'].includes(request.method)) {
      const response = pageResponse('invalid', newsletter, 405);
      response.headers.set('Allow', 'GET, HEAD, POST');
      return { response, outcome: 'wrong method' };
    }
    const token = tokenOf(url);
    if (request.method === 'POST' && !(await bodyWithin(request, MAX_BODY))) return { response: pageResponse('invalid', newsletter, 413), outcome: 'body too large' };
    const address = token ? await verifier.verify(token) : undefined;
    const shown = token ? `token ${token.slice(0, 6)}… (${token.length} characters)` : 'no token';
    if (!address) return { response: pageResponse('invalid', newsletter, 400, head), outcome: `${shown} does not verify` };
    if (request.method !== 'POST') return { response: pageResponse('confirm', newsletter, 200, head), outcome: `${shown}: confirmation page` };
    const added = await store.add(await keyOf(address), { token: token!, at: now().toISOString() });
    return { response: pageResponse('done', newsletter, 200), outcome: `${shown}: ${added ? 'recorded' : 'already recorded'}` };
  }
}

/** The token from `?token=`, else the link's last path segment (for templates like /u/{token}). */
function tokenOf(url: URL): string | undefined {
  const query = url.searchParams.get('token');
  if (query !== null) return query.trim() || undefined;
  const last = url.pathname.split('/').pop() ?? '';
  return TOKEN_SHAPE.test(last) && last.length > 20 ? last : undefined;
}

/** Reads (and so drains) the body, false when it passes `limit` bytes. */
async function bodyWithin(request: Request, limit: number): Promise<boolean> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) return false;
  if (!request.body) return true;
  const reader = request.body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return false;
    }
  }
}

/** One key per reader, whatever token they used (a current or an old one): a keyed hash of the address. */
function readerKey(secret: string): (address: string) => Promise<string> {
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(`watch-digest request key\u0000${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (address) => toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(address.toLowerCase()))));
}

/** The path without the query, and without any segment long enough to be a token, cut short. */
function shortPath(url: string): string {
  const path = (/^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] || '/').replace(/[^/]{21,}/g, (segment) => `${segment.slice(0, 6)}…`);
  return path.length > 60 ? `${path.slice(0, 57)}...` : path;
}
