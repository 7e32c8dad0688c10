import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostLimiter } from '../../../src/gather/host-limit.js';
import { readSource } from '../../../src/gather/read-source.js';
import { fetchPage } from '../../../src/web/fetch-page.js';
import { revalidatedFetch } from '../../../src/web/page-cache.js';
import { startFeedServer } from '../../helpers/feed-server.js';
import { fixture } from '../../helpers/fixture.js';
import { startHttpServer } from '../../helpers/http.js';

describe('fetchPage for feeds', () => {
  it('sends validators, returns 304 as not modified, and keeps the validators', async () => {
    const server = await startFeedServer();
    const first = await fetchPage(server.url('/feeds/wire.rss'), { accept: 'feed' });
    expect(first.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(first.lastModified).toBe('Mon, 11 Mar 2024 05:00:00 GMT');
    const second = await fetchPage(server.url('/feeds/wire.rss'), { accept: 'feed', validators: { etag: first.etag! } });
    expect(second).toMatchObject({ notModified: true, html: '', etag: first.etag });
    expect(server.requests.map((r) => [r.status, r.ifNoneMatch])).toEqual([
      [200, undefined],
      [304, first.etag],
    ]);
  });

  it('decodes by the XML declaration when the header names no charset', async () => {
    const server = await startFeedServer();
    const page = await fetchPage(server.url('/feeds/gazette.rss'), { accept: 'feed' });
    expect(page.html).toContain('<title>Café diplomacy in Genève</title>');
  });

  it('accepts feed content types for feeds, and still refuses binaries', async () => {
    const server = await startHttpServer({
      '/feed': (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss/>'),
      '/image': (_q, r) => r.writeHead(200, { 'content-type': 'image/png' }).end('png'),
    });
    await expect(fetchPage(server.url('/feed'))).rejects.toThrow('not an HTML page (application/rss+xml)');
    expect((await fetchPage(server.url('/feed'), { accept: 'feed' })).html).toBe('<rss/>');
    await expect(fetchPage(server.url('/image'), { accept: 'feed' })).rejects.toThrow('not a feed or page (image/png)');
  });
});

describe('revalidatedFetch and readSource', () => {
  it('keeps the last good copy when the site starts answering garbage, and says so', async () => {
    let body = '<rss version="2.0"><channel><title>W</title><item><title>Talks</title><link>https://w.example/1</link><pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate></item></channel></rss>';
    const server = await startHttpServer({ '/feed': (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body) });
    const dir = await fixture({});
    const source = { index: 0, type: 'feed' as const, outlet: 'W', url: server.url('/feed'), kind: 'news' as const, include: [], exclude: [] };
    const good = await readSource(source, { cacheDir: dir, fetch: {} });
    expect(good).toMatchObject({ status: 'fetched', stale: false });
    expect(good.entries.map((e) => e.title)).toEqual(['Talks']);

    body = '<html><body>maintenance</body></html>';
    const bad = await readSource(source, { cacheDir: dir, fetch: {} });
    expect(bad).toMatchObject({ status: 'failed', stale: true, error: { message: `${server.url('/feed')}: not a feed: an HTML page` } });
    expect(bad.entries.map((e) => e.title)).toEqual(['Talks']);
    const [cached] = await readdir(path.join(dir, 'pages'));
    expect(await readFile(path.join(dir, 'pages', cached!), 'utf8')).toContain('<title>Talks</title>');
  });

  it('names where redirects led when the page found there is no feed', async () => {
    const server = await startHttpServer({
      '/feed': (_q, r) => r.writeHead(301, { location: '/home' }).end(),
      '/home': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<head><title>Home</title></head>'),
    });
    const source = { index: 0, type: 'feed' as const, outlet: 'W', url: server.url('/feed'), kind: 'news' as const, include: [], exclude: [] };
    const outcome = await readSource(source, { cacheDir: await fixture({}), fetch: {} });
    expect(outcome.error!.message).toBe(`${server.url('/feed')}: not a feed: an HTML page (after redirects, at ${server.url('/home')})`);
  });

  it('fails a huge feed with what to do, and goes on when it shrinks back', async () => {
    let size = 300_000;
    const server = await startHttpServer({
      '/feed': (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>${'x'.repeat(size)}</title></channel></rss>`),
    });
    const dir = await fixture({});
    const source = { index: 0, type: 'feed' as const, outlet: 'W', url: server.url('/feed'), kind: 'news' as const, include: [], exclude: [] };
    const huge = await readSource(source, { cacheDir: dir, fetch: { maxBytes: 100_000 } });
    expect(huge).toMatchObject({ status: 'failed', stale: false, entries: [], error: { message: `${server.url('/feed')}: larger than 0.1 MB` } });
    expect(huge.error!.hint).toContain('"scrape.maxMegabytes"');
    size = 10;
    expect(await readSource(source, { cacheDir: dir, fetch: { maxBytes: 100_000 } })).toMatchObject({ status: 'fetched', entries: [] });
  });

  it('drops control characters from titles and summaries, also from entries cached by an earlier version', async () => {
    const body = `<rss version="2.0"><channel><title>W</title><item><title>Envoys \x1b]8;;https://evil.example/\x07meet\x1b]8;;\x07 in Geneva\x9b</title>
      <link>https://w.example/1</link><description>&lt;p&gt;Talks &amp;#27;[2Jresumed\x1b[31m today.&lt;/p&gt;</description><pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate></item></channel></rss>`;
    const server = await startHttpServer({
      '/feed': (request, response) => {
        if (request.headers['if-none-match'] === '"v1"') return response.writeHead(304).end();
        response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(body);
      },
    });
    const dir = await fixture({});
    const source = { index: 0, type: 'feed' as const, outlet: 'W', url: server.url('/feed'), kind: 'news' as const, include: [], exclude: [] };
    // What the previous parser version kept in the cache: the text with its escapes.
    const dirty = [{ title: 'Envoys \x1b[2Jmeet', url: 'https://w.example/1', summary: 'Talks', dates: ['Tue, 05 Mar 2024 09:30:00 GMT'] }];
    await revalidatedFetch(source.url, dir, (url, validators) => fetchPage(url, { accept: 'feed', validators }), { key: 'entries-2', read: () => dirty });
    const outcome = await readSource(source, { cacheDir: dir, fetch: {} });
    expect(outcome.status).toBe('unchanged');
    expect(outcome.entries.map((e) => [e.title, e.summary])).toEqual([['Envoys meet in Geneva', 'Talks resumed today.']]);
  });

  it('rewrites the cache only when something changed', async () => {
    const server = await startFeedServer();
    const dir = await fixture({});
    const reader = { key: 'length-1', read: (page: { html: string }) => page.html.length };
    const first = await revalidatedFetch(server.url('/feeds/times.atom'), dir, (url, validators) => fetchPage(url, { accept: 'feed', validators }), reader);
    const [file] = await readdir(path.join(dir, 'pages'));
    const written = await stat(path.join(dir, 'pages', file!));
    const second = await revalidatedFetch(server.url('/feeds/times.atom'), dir, (url, validators) => fetchPage(url, { accept: 'feed', validators }), reader);
    expect(first.fromCache).toBe(false);
    expect(second).toMatchObject({ fromCache: true, value: first.value });
    expect((await stat(path.join(dir, 'pages', file!))).mtimeMs).toBe(written.mtimeMs);
  });
});

describe('hostLimiter', () => {
  it('runs at most N tasks at once against one host, while other hosts go on', async () => {
    const limit = hostLimiter(2, 8);
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const task = (host: string) => async () => {
      running.set(host, (running.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, running.get(host)!));
      await new Promise((resolve) => setImmediate(resolve));
      running.set(host, running.get(host)! - 1);
    };
    await Promise.all([
      ...Array.from({ length: 6 }, () => limit('https://a.example/feed', task('a'))),
      ...Array.from({ length: 3 }, () => limit('https://b.example/feed', task('b'))),
    ]);
    expect(peak.get('a')).toBe(2);
    expect(peak.get('b')).toBe(2);
  });
});
