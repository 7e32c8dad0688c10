import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchPage, type Validators } from '../../../src/web/fetch-page.js';
import { cachedFetch, revalidatedFetch } from '../../../src/web/page-cache.js';
import { fixture } from '../../helpers/fixture.js';
import { startHttpServer } from '../../helpers/http.js';

describe('cachedFetch', () => {
  it('returns the fetched page when the cache cannot be written (full disk, read-only checkout, a file in the way)', async () => {
    const dir = await fixture({ 'digests/.cache': 'a file where the cache folder should be\n' });
    const page = { url: 'https://example.com/a', html: '<p>Article</p>' };
    await expect(cachedFetch(page.url, path.join(dir, 'digests', '.cache'), async () => page)).resolves.toEqual({ ...page, fromCache: false });
  });
});

describe('revalidatedFetch', () => {
  it("keeps the entry on the first line: a 304 with the reader's value reads no body; another reader without a body asks for the whole page", async () => {
    const seen: Array<string | undefined> = [];
    const server = await startHttpServer({
      '/feed': (request, response) => {
        seen.push(request.headers['if-none-match']);
        if (request.headers['if-none-match'] === '"v1"') return response.writeHead(304, { etag: '"v1"' }).end();
        response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end('<rss>one</rss>');
      },
    });
    const dir = await fixture({});
    const fetch = (url: string, validators: Validators) => fetchPage(url, { accept: 'feed', validators });
    const reader = (key: string) => ({ key, read: (page: { html: string }) => `${key}:${page.html}` });
    expect(await revalidatedFetch(server.url('/feed'), dir, fetch, reader('a'))).toMatchObject({ value: 'a:<rss>one</rss>', fromCache: false });
    const [file] = await readdir(path.join(dir, 'pages'));
    const [line, body] = (await readFile(path.join(dir, 'pages', file!), 'utf8')).split('\n');
    expect(JSON.parse(line!)).toMatchObject({ etag: '"v1"', derived: { key: 'a', value: 'a:<rss>one</rss>' } });
    expect(body).toBe('<rss>one</rss>');

    // Without its body (a write cut short), the entry still gives its value for a 304.
    await writeFile(path.join(dir, 'pages', file!), `${line}\n`);
    expect(await revalidatedFetch(server.url('/feed'), dir, fetch, reader('a'))).toMatchObject({ value: 'a:<rss>one</rss>', fromCache: true });
    expect(await revalidatedFetch(server.url('/feed'), dir, fetch, reader('b'))).toMatchObject({ value: 'b:<rss>one</rss>', fromCache: false });
    expect(seen).toEqual([undefined, '"v1"', '"v1"', undefined]);
  });

  it('takes a copy in the layout of an older version for no copy', async () => {
    const server = await startHttpServer({ '/feed': (_request, response) => response.writeHead(200, { 'content-type': 'text/xml' }).end('<rss>new</rss>') });
    const dir = await fixture({});
    const fetch = (url: string, validators: Validators) => fetchPage(url, { accept: 'feed', validators });
    await revalidatedFetch(server.url('/feed'), dir, fetch, { key: 'k', read: (page) => page.html });
    const [json] = await readdir(path.join(dir, 'pages'));
    await writeFile(path.join(dir, 'pages', json!), JSON.stringify({ requested: server.url('/feed'), url: server.url('/feed'), html: '<rss>old</rss>', etag: '"x"', derived: { key: 'k', value: 'old' } }));
    expect(await revalidatedFetch(server.url('/feed'), dir, fetch, { key: 'k', read: (page) => page.html })).toMatchObject({ value: '<rss>new</rss>', fromCache: false });
  });
});
