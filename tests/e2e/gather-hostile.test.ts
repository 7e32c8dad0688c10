import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { encode } from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseInbox } from '../../src/gather/inbox.js';
import { fixture, PROJECT_ROOT, runCli } from '../helpers/fixture.js';
import { redirect, startHttpServer, type Route, type TestHttpServer } from '../helpers/http.js';

const WEEK = '2024-W10';
const INBOX = `digests/${WEEK}/inbox.md`;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Feeds and pages of our own, and hostile answers, on a real server on 127.0.0.1. */
async function hostileServer(): Promise<TestHttpServer> {
  let base = '';
  const fixtureFile = (name: string, encoding: BufferEncoding = 'utf8') =>
    readFile(path.join(PROJECT_ROOT, 'tests/fixtures/feeds', name), encoding).then((text) => text.replaceAll('{{base}}', base));
  const serve =
    (body: () => Promise<string | Buffer> | string | Buffer, type: string): Route =>
    (_request, response) =>
      void Promise.resolve(body()).then((content) => response.writeHead(200, { 'content-type': type }).end(content));
  const utf16 = async () =>
    Buffer.concat([Buffer.from([0xff, 0xfe]), encode((await fixtureFile('gazette-latin1.rss', 'latin1')).replace('ISO-8859-1', 'UTF-16').replace('Café diplomacy', 'Café “quiet” diplomacy'), 'utf-16le')]);
  const server = await startHttpServer({
    '/feeds/ministry.rss': serve(() => fixtureFile('ministry.rss'), 'application/rss+xml'),
    '/feeds/podcast.rss': serve(() => fixtureFile('podcast.rss'), 'application/rss+xml'),
    '/feeds/releases.atom': serve(() => fixtureFile('releases.atom'), 'application/atom+xml'),
    '/feeds/dates.rss': serve(() => fixtureFile('dates.rss'), 'application/rss+xml'),
    '/feeds/gazette-utf16.rss': serve(utf16, 'text/xml'),
    '/herald/': serve(() => fixtureFile('page-head.html'), 'text/html'),
    '/feeds/escapes.json': serve(() => '{"version": "https://jsonfeed.org/version/1.1", "title": \u001b]8;;https://evil.example/\u0007Daily\u001b[2J\u001b[31m, "items": []}', 'application/feed+json'),
    '/feeds/moved.rss': redirect('/feeds/moved-again.rss'),
    '/feeds/moved-again.rss': redirect('data:application/rss+xml,<rss version="2.0"><channel><title>forged</title><item><title>Forged story</title><link>https://evil.example/</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>', 302),
    '/listing/': redirect('file:///etc/passwd'),
    '/article': redirect('data:text/html,<html><head><title>Forged article</title></head><body><article><h1>Forged article</h1><p>Text.</p></article></body></html>', 302),
  });
  base = server.url('');
  return server;
}

function project(server: TestHttpServer): Promise<string> {
  const url = (route: string) => server.url(route);
  return fixture({
    'watch-digest.config.json': JSON.stringify({
      timeZone: 'Europe/Berlin',
      scrape: { timeoutSeconds: 5 },
      sources: [
        { outlet: 'Ministry', url: url('/feeds/ministry.rss') },
        { outlet: 'Corridor Talk', url: url('/feeds/podcast.rss') },
        { outlet: 'Treaty Releases', url: url('/feeds/releases.atom') },
        { outlet: 'Careless Courier', url: url('/feeds/dates.rss') },
        { outlet: 'Wide Gazette', url: url('/feeds/gazette-utf16.rss') },
        { outlet: 'Example Herald', url: url('/herald/') },
        { outlet: 'Escape Daily', url: url('/feeds/escapes.json') },
        { outlet: 'Moved Wire', url: url('/feeds/moved.rss') },
        { outlet: 'Moved Institute', type: 'listing', url: url('/listing/'), listing: { entries: 'article' } },
      ],
    }),
  });
}

describe('watch-digest gather on feeds that used to lose stories or let strange things through', () => {
  it('keeps every distinct story, reads what is readable, and names what is not without letting it through', async () => {
    const server = await hostileServer();
    const dir = await project(server);
    const run = await runCli(['gather', '--week', WEEK], dir);
    expect(run.code, run.stderr).toBe(0);
    const inbox = await readFile(path.join(dir, INBOX), 'utf8');
    const candidates = parseInbox(inbox);
    const of = (outlet: string) => candidates.filter((c) => c.links.some((l) => l.outlet === outlet));

    // One source's distinct entries are never folded: three press conferences, two tribunal days; the item listed twice once.
    expect(of('Ministry').map((c) => c.title)).toEqual([
      'Boundary tribunal: Day Five deliberations',
      'Boundary tribunal: Day Four deliberations',
      'Daily press conference on March 7, 2024',
      'Daily press conference on March 6, 2024',
      'Minister welcomes the harbour agreement',
      'Daily press conference on March 5, 2024',
    ]);
    expect(of('Ministry').every((c) => c.links.length === 1)).toBe(true);
    // Episodes sharing the home page link stay four episodes.
    expect(of('Corridor Talk').map((c) => c.title)).toEqual([
      'Episode 42: Insurers and the strait',
      'Listener questions, night 3',
      'Episode 41: The long road to a grain deal',
      'Listener questions, night 1',
    ]);
    // Versions stay apart; relative links resolve by their nested xml:base.
    expect(of('Treaty Releases').map((c) => [c.title, c.links[0]!.url])).toEqual([
      ['Draft treaty text v3.8.5', server.url('/treaty/releases/v3.8.5')],
      ['Negotiators publish a plain-language summary of the draft', server.url('/explainers/2024/summary?lang=en')],
      ['Draft treaty text v3.8.4', server.url('/treaty/releases/v3.8.4')],
    ]);
    // Impossible dates are never rolled into another day; an entry with another date keeps it.
    expect(of('Careless Courier').map((c) => [c.title, c.day])).toEqual([
      ["A correspondent's notebook", '2024-03-06'],
      ['Observers file their report', '2024-03-06'],
    ]);
    expect(run.stderr).toContain(
      `warning: source "Careless Courier": entry "Envoys arrive for the leap-year summit" (${server.url('/courier/leap-summit')}) has an impossible date "Fri, 30 Feb 2024 10:00:00 GMT": left out as undated`,
    );
    expect(run.stderr).toContain(`entry "Talks run past midnight" (${server.url('/courier/past-midnight')}) has an impossible date "2024-03-10T25:61:00Z": left out as undated`);
    expect(run.stderr).toContain('entry "Observers file their report"');
    // A UTF-16 feed with a byte-order mark is read.
    expect(of('Wide Gazette').map((c) => c.title)).toEqual(['Café “quiet” diplomacy in Genève']);

    // A page starting with <head>, a JSON Feed full of escapes, redirects to data: and file:.
    expect(run.stderr).toContain(`warning: source "Example Herald" failed: ${server.url('/herald/')}: not a feed: an HTML page. The page names its feed: use "url": "${server.url('/herald/world.rss')}"`);
    expect(run.stderr).toMatch(/warning: source "Escape Daily" failed: .*escapes\.json: not a feed: invalid JSON/);
    expect(run.stderr).toContain(
      `warning: source "Moved Wire" failed: ${server.url('/feeds/moved.rss')}: redirect 2 (from ${server.url('/feeds/moved-again.rss')}) leads to a data: URL; only http: and https: redirects are followed (after 1 redirect, at ${server.url('/feeds/moved-again.rss')})`,
    );
    expect(run.stderr).toContain(`warning: source "Moved Institute" failed: ${server.url('/listing/')}: redirect 1 (from ${server.url('/listing/')}) leads to file: (file:///etc/passwd)`);
    expect(inbox).not.toMatch(/forged/i);
    expect(inbox).toContain('## Not gathered');
    for (const text of [inbox, run.stdout, run.stderr]) expect(text).not.toMatch(CONTROLS);
    expect(run.stdout).toMatch(/Ministry\s+7 entries: 7 kept/);
  }, 60_000);

  it('moves no entry with an impossible date into the week before or after', async () => {
    const server = await hostileServer();
    const dir = await project(server);
    for (const week of ['2024-W09', '2024-W11']) {
      const run = await runCli(['gather', '--week', week], dir);
      expect(run.code, run.stderr).toBe(0);
      const inbox = await readFile(path.join(dir, `digests/${week}/inbox.md`), 'utf8');
      expect(inbox, week).not.toMatch(/leap-year summit|past midnight|Observers file/);
    }
  }, 60_000);

  it('add refuses a page that redirects to a data: URL, naming the address and the hop, and writes nothing', async () => {
    const server = await hostileServer();
    const dir = await fixture({});
    const run = await runCli(['add', server.url('/article'), '--date', '2024-03-05'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${server.url('/article')}: redirect 1 (from ${server.url('/article')}) leads to a data: URL; only http: and https: redirects are followed`);
    expect(await readdir(dir)).toEqual([]);
  });
});
