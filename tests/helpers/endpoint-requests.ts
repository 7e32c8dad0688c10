import { expect } from 'vitest';
import { signToken } from '../../src/audience/unsubscribe-token.js';
import { LIVE_SECRET, PULL_SECRET } from './live-project.js';

export const oneClickPost = (url: string, init: RequestInit = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', ...init });

/**
 * The requests every runtime of the endpoint must answer alike (Node's unsubscribe-server, the
 * Worker under workerd): a link's page, one-click POSTs (twice, and as multipart), 100 bad tokens,
 * a missing token, oversized body and URL, a wrong method, unauthorised pulls; then an authorised
 * pull hands over exactly the two readers who unsubscribed. Returns the tokens they used.
 */
export async function answersLikeTheEndpoint(base: string, readers: [string, string, string]): Promise<string[]> {
  const [first, second, third] = readers;
  const link = (token: string) => `${base}/unsubscribe?token=${encodeURIComponent(token)}`;
  const tokens = [signToken(first, LIVE_SECRET), signToken(second, LIVE_SECRET)];

  const page = await fetch(link(tokens[0]!));
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<button type="submit">Unsubscribe</button>');
  expect(html).not.toContain(first);
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('cache-control')).toBe('no-store');
  for (const token of [tokens[0]!, tokens[0]!, tokens[1]!]) {
    const response = await oneClickPost(link(token));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You are unsubscribed');
  }
  const multipart = new FormData();
  multipart.set('List-Unsubscribe', 'One-Click');
  expect((await fetch(link(tokens[1]!), { method: 'POST', body: multipart })).status).toBe(200);

  const bad = badTokens(signToken(third, LIVE_SECRET), third, readers);
  expect(bad).toHaveLength(100);
  const answers = await Promise.all(bad.map(async (token) => {
    const response = await oneClickPost(link(token));
    return { status: response.status, body: await response.text() };
  }));
  expect(answers.every((a) => a.status >= 400 && a.status < 500)).toBe(true);
  expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  expect(answers[0]!.body).toContain('This unsubscribe link is not valid');

  expect((await fetch(`${base}/unsubscribe`)).status).toBe(400);
  expect((await oneClickPost(link(tokens[0]!), { body: 'x'.repeat(64 * 1024) })).status).toBe(413);
  expect((await fetch(`${link(tokens[0]!)}&pad=${'a'.repeat(5000)}`)).status).toBe(414);
  expect((await fetch(link(tokens[0]!), { method: 'DELETE' })).status).toBe(405);
  expect((await fetch(`${base}/requests`)).status).toBe(401);
  expect((await fetch(`${base}/requests`, { headers: { Authorization: `Bearer ${LIVE_SECRET}` } })).status).toBe(401);

  const pulled = await fetch(`${base}/requests`, { headers: { Authorization: `Bearer ${PULL_SECRET}` } });
  expect(pulled.status).toBe(200);
  const body = (await pulled.json()) as { requests: Array<{ token: string; at: string }>; more: boolean };
  expect(body.requests.map((r) => r.token)).toEqual(tokens);
  expect(body.more).toBe(false);
  return tokens;
}

/** 40 tampered copies of a real token, 30 tokens of other secrets, 30 malformed ones. */
export function badTokens(real: string, address: string, readers: readonly string[]): string[] {
  const flip = (c: string) => (c === 'A' ? 'B' : 'A');
  const tampered = Array.from({ length: 40 }, (_, i) => {
    const at = Math.floor((i * (real.length - 1)) / 39);
    return real.slice(0, at) + flip(real[at]!) + real.slice(at + 1);
  });
  const foreign = Array.from({ length: 30 }, (_, i) => signToken(readers[i % readers.length]!, `another-newsletter-secret-${i}-0123456789abcdef`));
  const encoded = Buffer.from(address).toString('base64url');
  const malformed = [
    '', ' ', 'a', 'unsubscribe', '%00', '../../etc/passwd', '<script>alert(1)</script>', real.slice(0, 10), real.slice(0, -1), real.slice(0, -4), `${real}${real}`,
    `${encoded}.AAAAAAAAAAAAAAAAAAAAAA`, `${encoded}.`, `.${encoded}`, 'a.b.c', 'x'.repeat(1025), 'A'.repeat(60), '====', real.replace(/^./, 'B'), real.toUpperCase(),
    real.toLowerCase(), `${real}=`, `${real}.`, 'null', 'undefined', '0', '-1', JSON.stringify({ token: real }), address, `mailto:${address}`,
  ];
  return [...tampered, ...foreign, ...malformed];
}
