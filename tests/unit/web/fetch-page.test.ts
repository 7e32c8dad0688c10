import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/shared/errors.js';
import { fetchPage } from '../../../src/web/fetch-page.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';
import { redirect, startHttpServer, status, type Route } from '../../helpers/http.js';

const FEED = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Genève “weekly”</title></channel></rss>';
const bytes =
  (body: Buffer, type = 'application/rss+xml'): Route =>
  (_request, response) =>
    response.writeHead(200, { 'content-type': type }).end(body);
const withMark = (mark: number[], body: Buffer) => Buffer.concat([Buffer.from(mark), body]);

/** The UserError a fetch ends with. */
async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('the fetch succeeded');
}

describe('fetchPage: redirects', () => {
  it('follows only http(s) at every hop, naming the address given and the hop that left it', async () => {
    const server = await startHttpServer({
      '/to-data': redirect('data:application/rss+xml,<rss version="2.0"><channel><title>forged</title></channel></rss>', 302),
      '/to-file': redirect('file:///etc/passwd'),
      '/to-js': redirect('javascript:alert(1)', 307),
      '/to-ftp': redirect('ftp://ftp.example/feed.xml', 308),
      '/hop': redirect('/hop-2'),
      '/hop-2': redirect('data:text/html,<p>forged</p>', 303),
    });
    const data = await failure(fetchPage(server.url('/to-data'), { accept: 'feed' }));
    expect(data.message).toBe(`${server.url('/to-data')}: redirect 1 (from ${server.url('/to-data')}) leads to a data: URL; only http: and https: redirects are followed`);
    for (const [route, scheme] of [
      ['/to-file', 'file:'],
      ['/to-js', 'javascript:'],
      ['/to-ftp', 'ftp:'],
    ]) {
      const error = await failure(fetchPage(server.url(route!), { accept: 'feed' }));
      expect(error.message).toContain(`${server.url(route!)}: redirect 1 (from ${server.url(route!)}) leads to ${scheme} (`);
    }
    // The second hop: the address the editor gave comes first, then where it went wrong.
    const second = await failure(fetchPage(server.url('/hop')));
    expect(second.message).toBe(
      `${server.url('/hop')}: redirect 2 (from ${server.url('/hop-2')}) leads to a data: URL; only http: and https: redirects are followed (after 1 redirect, at ${server.url('/hop-2')})`,
    );
  });

  it('names the address given and the hop for an HTTP error after redirects, and for a bad Location', async () => {
    const server = await startHttpServer({
      '/old': redirect('/older'),
      '/older': redirect('/gone', 302),
      '/gone': status(404),
      '/junk': (_request, response) => response.writeHead(302, { location: 'http://[not a host/' }).end(),
    });
    const error = await failure(fetchPage(server.url('/old')));
    expect(error.message).toBe(`${server.url('/old')}: HTTP 404 Not Found (after 2 redirects, at ${server.url('/gone')})`);
    expect(error.hint).toContain('Check the address');
    expect((await failure(fetchPage(server.url('/junk')))).message).toMatch(new RegExp(`^${server.url('/junk')}: redirect 1 .* which is not a URL$`));
  });
});

describe('fetchPage: byte-order marks and wide encodings', () => {
  it('reads UTF-16 and UTF-32 by their mark, whatever the header says, and without one by the NUL bytes of their first characters', async () => {
    const server = await startHttpServer({
      '/utf16le': bytes(withMark([0xff, 0xfe], encode(FEED, 'utf-16le')), 'text/xml; charset=iso-8859-1'),
      '/utf16be': bytes(withMark([0xfe, 0xff], encode(FEED, 'utf-16be'))),
      '/utf32le': bytes(withMark([0xff, 0xfe, 0x00, 0x00], encode(FEED, 'utf-32le'))),
      '/utf32be': bytes(withMark([0x00, 0x00, 0xfe, 0xff], encode(FEED, 'utf-32be'))),
      '/utf16-unmarked': bytes(encode(FEED, 'utf-16le'), 'application/xml'),
      '/utf16be-unmarked': bytes(encode(FEED, 'utf-16be'), 'application/xml; charset=utf-16'),
      '/utf32le-unmarked': bytes(encode(FEED, 'utf-32le'), 'application/xml'),
      '/utf8-marked': bytes(withMark([0xef, 0xbb, 0xbf], Buffer.from(FEED)), 'text/xml; charset=windows-1252'),
      // Declared UTF-16, written in UTF-8: a common mistake, read as what the bytes are.
      '/mislabelled': bytes(Buffer.from(FEED)),
    });
    for (const route of ['/utf16le', '/utf16be', '/utf32le', '/utf32be', '/utf16-unmarked', '/utf16be-unmarked', '/utf32le-unmarked', '/utf8-marked', '/mislabelled']) {
      expect((await fetchPage(server.url(route), { accept: 'feed' })).html, route).toBe(FEED);
    }
  });
});

describe('fetchPage: legacy charsets', () => {
  it('reads undeclared bytes that are no UTF-8 as windows-1252, and trusts a charset that is declared', async () => {
    const legacy = readFileSync(path.join(PROJECT_ROOT, 'tests/fixtures/feeds/bulletin-1252.rss'));
    const server = await startHttpServer({
      '/undeclared': bytes(legacy),
      '/declared-utf8': bytes(legacy, 'application/rss+xml; charset=utf-8'),
      '/plain-utf8': bytes(Buffer.from('<rss version="2.0"><channel><title>Genève “weekly”</title></channel></rss>')),
    });
    expect((await fetchPage(server.url('/undeclared'), { accept: 'feed' })).html).toContain('<title>“Café talks” resume – naïve hopes</title>');
    // A declaration is taken at its word: a wrong byte costs one character, not every accent of a real UTF-8 page.
    expect((await fetchPage(server.url('/declared-utf8'), { accept: 'feed' })).html).toContain('<title>\uFFFDCaf\uFFFD talks\uFFFD resume');
    expect((await fetchPage(server.url('/plain-utf8'), { accept: 'feed' })).html).toContain('Genève “weekly”');
  });
});
