import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './fixture.js';
import { startHttpServer, type Route, type TestHttpServer } from './http.js';

const FEEDS = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'feeds');
const LAST_MODIFIED = 'Mon, 11 Mar 2024 05:00:00 GMT';

export interface FeedRequest {
  path: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  status: number;
}

export interface FeedServer extends TestHttpServer {
  base: string;
  requests: FeedRequest[];
}

/**
 * The fixture feeds and pages of tests/fixtures/feeds on a real HTTP server on 127.0.0.1, with
 * `{{base}}` in them replaced by the server's address. Static files answer conditional
 * requests (ETag and Last-Modified) with 304 as real servers do; every request is recorded.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const requests: FeedRequest[] = [];
  let base = '';
  const file =
    (name: string, type: string, validators: { etag?: boolean; lastModified?: boolean } = { etag: true, lastModified: true }): Route =>
    (request, response) => {
      const raw = readFileSync(path.join(FEEDS, name));
      // Latin-1 files stay bytes: the placeholder is ASCII in either encoding.
      const body = Buffer.from(raw.toString('latin1').replaceAll('{{base}}', base), 'latin1');
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      const headers: Record<string, string> = { 'content-type': type };
      if (validators.etag) headers.etag = etag;
      if (validators.lastModified) headers['last-modified'] = LAST_MODIFIED;
      const fresh =
        (validators.etag && request.headers['if-none-match'] === etag) ||
        (!validators.etag && validators.lastModified && request.headers['if-modified-since'] === LAST_MODIFIED);
      const status = fresh ? 304 : 200;
      record(request.url ?? '', request.headers, status);
      response.writeHead(status, headers).end(fresh ? undefined : body);
    };
  const record = (url: string, headers: Record<string, string | string[] | undefined>, status: number) =>
    requests.push({
      path: new URL(url, 'http://x').pathname,
      status,
      ...(typeof headers['if-none-match'] === 'string' ? { ifNoneMatch: headers['if-none-match'] } : {}),
      ...(typeof headers['if-modified-since'] === 'string' ? { ifModifiedSince: headers['if-modified-since'] } : {}),
    });

  const server = await startHttpServer({
    '/feeds/wire.rss': file('wire.rss', 'application/rss+xml; charset=utf-8'),
    '/feeds/times.atom': file('times.atom', 'application/atom+xml'),
    '/feeds/daily.json': file('daily.json', 'application/feed+json'),
    '/feeds/review.rss': file('review.rss', 'text/xml', { lastModified: true }),
    '/feeds/gazette.rss': file('gazette-latin1.rss', 'text/xml'),
    '/feeds/broken.xml': file('broken.xml', 'application/xml'),
    '/institute/publications': file('institute.html', 'text/html; charset=utf-8'),
    '/department-press-briefings/': file('briefings.html', 'text/html; charset=utf-8'),
    '/post/world/': file('landing.html', 'text/html; charset=utf-8'),
    '/wire/envoys-meet': file('articles/envoys-meet.html', 'text/html; charset=utf-8'),
    '/daily/parliamentarians': file('articles/parliamentarians.html', 'text/html; charset=utf-8'),
    '/institute/arms-control': file('articles/arms-control.html', 'text/html; charset=utf-8'),
    '/feeds/failing.rss': (request, response) => {
      record(request.url ?? '', request.headers, 500);
      response.writeHead(500, { 'content-type': 'text/plain' }).end('upstream error');
    },
    // Never answers: the client's timeout has to end it (the server closes the socket after the test).
    '/feeds/slow.rss': (request) => record(request.url ?? '', request.headers, 0),
  });
  base = server.url('');
  return Object.assign(server, { base, requests });
}
