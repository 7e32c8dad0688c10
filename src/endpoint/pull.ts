import { sameText } from '../audience/unsubscribe-token-web.js';
import { PULL_PAGE_SIZE, type PullResponse } from './protocol.js';
import type { RequestStore } from './store.js';

const MAX_CURSOR = 512;
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

/**
 * GET <endpoint>/requests?after=CURSOR with `Authorization: Bearer <UNSUBSCRIBE_PULL_SECRET>`:
 * the requests recorded after the cursor, a page at a time. The pull secret is not the token
 * key: whoever holds it can read which tokens were used, never make one.
 */
export async function answerPull(request: Request, url: URL, store: RequestStore, pullSecret: string | undefined): Promise<{ response: Response; outcome: string }> {
  if (request.method !== 'GET') return { response: json({ error: 'use GET' }, 405, { Allow: 'GET' }), outcome: 'wrong method' };
  if (!pullSecret) return { response: json({ error: 'pulling is not configured on this endpoint' }, 503), outcome: 'no pull secret configured' };
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
  if (!(await sameSecret(given, pullSecret))) {
    return { response: json({ error: 'not authorised' }, 401, { 'WWW-Authenticate': 'Bearer' }), outcome: 'refused: wrong pull secret' };
  }
  const after = url.searchParams.get('after') || undefined;
  if (after && after.length > MAX_CURSOR) return { response: json({ error: 'cursor too long' }, 400), outcome: 'cursor too long' };
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || PULL_PAGE_SIZE, 1), PULL_PAGE_SIZE);
  const page = await store.list(after, limit);
  const body: PullResponse = { requests: page.requests, cursor: page.cursor ?? null, more: page.more };
  return { response: json(body, 200), outcome: `${page.requests.length} request(s)${page.more ? ', more to come' : ''}` };
}

/** Compared as SHA-256 digests, so neither the time taken nor the lengths tell anything about the secret. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return sameText(await digest(given), await digest(expected)) && given.length > 0;
}

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}
