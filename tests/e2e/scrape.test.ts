import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchPage } from '../../src/web/fetch-page.js';
import { fixture, item, runCli, weekOf } from '../helpers/fixture.js';
import { html, redirect, startHttpServer, status } from '../helpers/http.js';
import { page } from '../fixtures/pages.js';
import { cmsArticle, openGraphOnly, roundup, titleOnly, windows1252Page } from '../helpers/pages.js';

async function siteServer() {
  return startHttpServer({
    '/cms': html(cmsArticle),
    '/og': html(openGraphOnly),
    '/plain': html(titleOnly),
    '/roundup': html(roundup),
    '/cp1252': html(windows1252Page(), 'text/html'),
    '/moved': redirect('/moved-again'),
    '/moved-again': redirect('/cms', 302),
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a'),
    '/gone': status(410),
    '/broken': status(500),
    '/pdf': html(Buffer.from('%PDF-1.4 ...'), 'application/pdf'),
    '/json': html('{"a":1}', 'application/json'),
    '/empty': html('<html><head></head><body><script>start()</script></body></html>'),
    '/thin': html(page('podcast-thin')),
    '/furniture': html(page('body-furniture').replace('<meta name="description"', '<meta property="article:published_time" content="2024-03-05"><meta name="description"')),
    '/huge': html('<html><body>' + 'x'.repeat(6 * 1024 * 1024) + '</body></html>'),
    '/slow': (_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(cmsArticle), 2_000),
  });
}

describe('fetchPage', () => {
  it('follows redirects, decodes windows-1252 and retries a 500 once', async () => {
    const server = await siteServer();
    expect((await fetchPage(server.url('/moved'))).url).toBe(server.url('/cms'));
    expect((await fetchPage(server.url('/cp1252'))).html).toContain('Café talks “resume”');
    await expect(fetchPage(server.url('/broken'), { backoffMs: 10 })).rejects.toThrow(`${server.url('/broken')}: HTTP 500`);
    expect(server.hits.get('/broken')).toBe(2);
    await expect(fetchPage(server.url('/gone'))).rejects.toThrow('HTTP 410');
    expect(server.hits.get('/gone')).toBe(1);
  });

  it('gives up on slow pages, loops, non-HTML and oversized pages', async () => {
    const server = await siteServer();
    await expect(fetchPage(server.url('/slow'), { timeoutMs: 300, retries: 1, backoffMs: 10 })).rejects.toThrow('no answer within 0.3 s');
    expect(server.hits.get('/slow')).toBe(2);
    await expect(fetchPage(server.url('/loop-a'))).rejects.toThrow(/redirect loop/);
    await expect(fetchPage(server.url('/pdf'))).rejects.toThrow('not an HTML page (application/pdf)');
    await expect(fetchPage(server.url('/huge'))).rejects.toThrow('the page is larger than 5 MB');
  });
});

describe('watch-digest scrape', () => {
  it('prints the extracted fields as JSON', async () => {
    const server = await siteServer();
    const run = await runCli(['scrape', server.url('/cms'), '--json'], await fixture({}));
    expect(run.code).toBe(0);
    const article = JSON.parse(run.stdout);
    expect(article).toMatchObject({ title: 'Envoys meet for first direct talks in months', author: 'Mara Quill and Tomas Reed', site: 'The Example Post', date: '2024-03-05T09:30:00+01:00' });
    expect(article.paragraphs).toHaveLength(3);
  });

  it('prints a readable summary, and the roundup sections', async () => {
    const server = await siteServer();
    const run = await runCli(['scrape', server.url('/roundup')], await fixture({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Title:   Diplomacy Watch: A quiet week at the table');
    expect(run.stdout).toContain('Roundup: 2 lead paragraphs, 2 news bullets, a State Department note');
  });

  it.each([
    ['/missing', 1, /HTTP 404/],
    ['/gone', 1, /HTTP 410/],
    ['/broken', 1, /HTTP 500/],
    ['/json', 1, /not an HTML page \(application\/json\)/],
    ['/empty', 1, /no article found on this page.*\nhint: Write the item by hand/],
    ['/loop-a', 1, /redirect loop/],
  ])('fails clearly for %s', async (route, code, message) => {
    const server = await siteServer();
    const run = await runCli(['scrape', server.url(route)], await fixture({}));
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints what a page without article text states (a podcast page)', async () => {
    const server = await siteServer();
    const run = await runCli(['scrape', server.url('/thin')], await fixture({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Title:   Episode 41: The long road to a grain deal');
    expect(run.stdout).toContain('Summary: Two shipping analysts explain why the corridor held');
    expect(run.stdout).toContain('Site:    Corridor Talk');
    expect(run.stdout).toContain('Image:   https://cdn.corridortalk.example/art/ep41.jpg');
    expect(run.stdout).toContain('Body:    none (the page has no article text)');
  });

  it('rejects a malformed URL (exit 2) and reports a refused connection', async () => {
    const dir = await fixture({});
    const bad = await runCli(['scrape', 'not a url'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: "not a url" is not a URL');
    const server = await startHttpServer({});
    const closed = server.url('/x');
    await server.close();
    const refused = await runCli(['scrape', closed], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('connection refused');
  });

  it('honours the configured timeout', async () => {
    const server = await siteServer();
    const dir = await fixture({ 'watch-digest.config.json': JSON.stringify({ scrape: { timeoutSeconds: 0.3 } }) });
    const run = await runCli(['scrape', server.url('/slow')], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no answer within 0.3 s');
  });
});

describe('watch-digest add', () => {
  it('writes a reviewed-later item into the week of the article, and never overwrites it', async () => {
    const server = await siteServer();
    const dir = await fixture({});
    const run = await runCli(['add', server.url('/og'), '--kind', 'lead'], dir);
    expect(run.code).toBe(0);
    const file = path.join('digests', '2024-W10', 'lead-grain-corridor-holds-through-winter-storms.md');
    expect(run.stdout).toContain(file);
    const text = await readFile(path.join(dir, file), 'utf8');
    expect(text).toMatch(/^---\nkind: lead\ndate: 2024-03-06\ntitle: Grain corridor holds through winter storms\n/);
    expect(text).toContain('author: Ines Aldana');
    expect(text).toContain('Ships kept sailing through the improvised corridor');

    const again = await runCli(['add', server.url('/og'), '--kind', 'lead'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; nothing was written');
    expect(await readFile(path.join(dir, file), 'utf8')).toBe(text);
  });

  it('adds a page without article text with what it states, and says the text is missing', async () => {
    const server = await siteServer();
    const dir = await fixture({});
    const news = await runCli(['add', server.url('/thin')], dir);
    expect(news.code).toBe(0);
    const text = await readFile(path.join(dir, 'digests', '2024-W07', 'news-episode-41-the-long-road-to-a-grain-deal.md'), 'utf8');
    expect(text).toContain('source: Corridor Talk');
    expect(text).toContain('Two shipping analysts explain why the corridor held through the winter');
    const lead = await runCli(['add', server.url('/thin'), '--kind', 'lead'], dir);
    expect(lead.code).toBe(0);
    expect(lead.stderr).toContain("has no article text: write the item's body yourself before composing");
    const leadText = await readFile(path.join(dir, 'digests', '2024-W07', 'lead-episode-41-the-long-road-to-a-grain-deal.md'), 'utf8');
    expect(leadText).toContain("title: 'Episode 41: The long road to a grain deal'");
    expect(leadText).toContain('image: https://cdn.corridortalk.example/art/ep41.jpg');
  });

  it('writes a lead an editor can send after editing: the article, without ads, offers, prompts or sign-ups', async () => {
    const server = await siteServer();
    const dir = await fixture({});
    const run = await runCli(['add', server.url('/furniture'), '--kind', 'lead'], dir);
    expect(run.code).toBe(0);
    const text = await readFile(path.join(dir, 'digests', '2024-W10', 'lead-the-ferry-line-that-reconnects-two-islands.md'), 'utf8');
    expect(text.slice(text.indexOf('\n---\n') + 5)).toBe(
      [
        'The ferry between the two islands sailed again on Monday, eleven years after the line was cancelled.',
        'Islanders queued from dawn, some carrying the old paper tickets they had kept since the last crossing.',
        'The operator plans two crossings a day through the summer, and one a day when the winter storms make the strait unsafe.',
      ].join('\n\n') + '\n',
    );
    expect(text).toContain('author: Sela Moana');
  });

  it('uses --date for the week, and composes what it wrote', async () => {
    const server = await siteServer();
    const dir = await fixture({ 'digests/lead.md': item({ kind: 'lead', date: '2024-03-13', title: 'Lead' }, 'Body.') });
    const run = await runCli(['add', server.url('/plain'), '--date', '2024-03-14'], dir);
    expect(run.code).toBe(0);
    const files = await readdir(path.join(dir, 'digests', '2024-W11'));
    expect(files).toEqual(['news-parliament-delegations-agree-to-keep-talking.md']);
    const composed = await runCli(['compose', '--week', '2024-W11', '--json'], dir);
    expect(composed.code).toBe(0);
    expect(JSON.parse(composed.stdout).sections.news).toBe(1);
  });

  it('imports a roundup page as a whole week of items', async () => {
    const server = await siteServer();
    const dir = await fixture({});
    const run = await runCli(['add', server.url('/roundup'), '--import'], dir);
    expect(run.code).toBe(0);
    const week = path.join(dir, 'digests', '2024-W10');
    expect((await readdir(week)).sort()).toEqual(['lead-diplomacy-watch-a-quiet-week-at-the-table.md', 'news-01.md', 'news-02.md', 'state-dept.md']);
    expect(await readFile(path.join(week, 'news-01.md'), 'utf8')).toContain('according to [Example Wire](https://example.org/wire/1).');
    const composed = await runCli(['compose', '--week', '2024-W10', '--json'], dir);
    expect(composed.code).toBe(0);
    expect(JSON.parse(composed.stdout).sections).toEqual({ news: 2, stateDept: true, related: 0 });
    const html = await readFile(path.join(week, 'issue.html'), 'utf8');
    expect(html).toContain('In other diplomatic news related to the war in Ukraine:');

    const notRoundup = await runCli(['add', server.url('/cms'), '--import'], dir);
    expect(notRoundup.code).toBe(1);
    expect(notRoundup.stderr).toContain('not a roundup page');
  });
});

describe('compose with URL-only items', () => {
  it('scrapes them, caches the pages, and composes the same bytes offline', async () => {
    const server = await siteServer();
    const { 'digests/lead.md': _lead, ...rest } = weekOf();
    const dir = await fixture({
      ...rest,
      'digests/lead.md': item({ kind: 'lead', date: '2024-03-06', url: server.url('/cms') }),
      'digests/news/scraped.md': item({ kind: 'news', date: '2024-03-06', url: server.url('/og') }),
    });
    const first = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Subject: Weekly Digest: Envoys meet for first direct talks in months');
    const out = path.join(dir, 'digests', '2024-W10');
    const htmlBefore = await readFile(path.join(out, 'issue.html'), 'utf8');
    expect(htmlBefore).toContain('a mediator said the tone was “workmanlike” &amp; that a second round');
    expect(htmlBefore).toContain('Insurers narrowed premiums as ships kept sailing.');
    expect((await readdir(path.join(dir, 'digests', '.cache', 'pages'))).length).toBe(2);

    await server.close();
    const offline = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(offline.code).toBe(0);
    expect(await readFile(path.join(out, 'issue.html'), 'utf8')).toBe(htmlBefore);

    const refreshed = await runCli(['compose', '--week', '2024-W10', '--refresh'], dir);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stderr).toMatch(/^error: digests\/lead.md: http:\/\/127.0.0.1:\d+\/cms: connection refused/);
    expect(await readFile(path.join(out, 'issue.html'), 'utf8')).toBe(htmlBefore);
  });

  it('names the item when its page has no article text for a lead', async () => {
    const server = await siteServer();
    const { 'digests/lead.md': _lead, ...rest } = weekOf();
    const dir = await fixture({ ...rest, 'digests/lead.md': item({ kind: 'lead', date: '2024-03-06', url: server.url('/thin') }) });
    const run = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: digests/lead.md: ${server.url('/thin')} has no article text to use as the lead's body`);
    expect(run.stderr).toContain("hint: Write the item's text below its front matter instead.");
  });

  it('names the item file and URL when a page fails', async () => {
    const server = await siteServer();
    const dir = await fixture({ ...weekOf(), 'digests/news/bad.md': item({ kind: 'news', date: '2024-03-06', url: server.url('/gone') }) });
    const run = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: digests/news/bad.md: ${server.url('/gone')}: HTTP 410`);
  });
});

// Issue 9.2 and 9.3: what a page displays, and the control characters it hides, stay text.
describe('hostile pages', () => {
  const ESC = '\u001b';
  const BEL = '\u0007';
  const CSI = '\u009b';
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
  // Live markup the page only displayed: an <img> that loads the pixel, a link disguised as "sign in here" or "a login".
  // (A bare URL in the text may be linked as itself, as markdown does for any URL the editor types.)
  const LIVE = /<img[^>]*pixel\.gif|<a\s[^>]*phish\.example[^>]*>\s*(sign in here|a login)/;

  /** A page that shows markup as text (escaped), and hides terminal escapes in its metadata and text. */
  function hostilePage(pixel: string): string {
    return `<!doctype html><html><head><meta charset="utf-8">
<title>Envoys ${ESC}]0;owned${BEL}agree${ESC}[2J on a text &#27;[31mtoday | Hostile Herald</title>
<meta property="og:title" content="Envoys ${ESC}]0;owned${BEL}agree${ESC}[2J on a text &#27;[31mtoday">
<meta property="og:description" content="The summary shows &lt;img src=&quot;${pixel}&quot;&gt; and &lt;a href=&quot;https://phish.example/login&quot;&gt;a login&lt;/a&gt; as text.">
<meta name="author" content="Ada ${CSI}31mStone">
<meta property="og:site_name" content="Hostile${BEL} Herald">
<meta property="article:published_time" content="2024-03-06">
</head><body><article><h1>Envoys agree on a text today</h1>
<p>The draft quoted in the article displays the tag &lt;img src="${pixel}"&gt; as an example of markup, and the ${ESC}[1mbold${ESC}[0m claim that it is harmless.</p>
<p>A second paragraph shows &lt;a href="https://phish.example/login"&gt;sign in here&lt;/a&gt; the way a tutorial would print it, for readers to copy.</p>
</article></body></html>`;
  }

  async function hostileServer() {
    const routes: Record<string, ReturnType<typeof html>> = {};
    const server = await startHttpServer({ '/hostile': (req, res) => routes['/hostile']!(req, res) });
    routes['/hostile'] = html(hostilePage(server.url('/pixel.gif')));
    return server;
  }

  it('scrape prints no control characters, as text or JSON', async () => {
    const server = await hostileServer();
    const dir = await fixture({});
    for (const args of [[], ['--json']]) {
      const run = await runCli(['scrape', server.url('/hostile'), ...args], dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Envoys');
      expect(run.stdout).not.toMatch(CONTROL);
      expect(run.stdout).not.toContain(']0;owned');
    }
  });

  it('add writes displayed markup as text and no control characters, and compose keeps it text', async () => {
    const server = await hostileServer();
    const dir = await fixture({});
    const lead = await runCli(['add', server.url('/hostile'), '--kind', 'lead'], dir);
    expect(lead.code).toBe(0);
    const news = await runCli(['add', server.url('/hostile'), '--kind', 'news', '--date', '2024-03-07'], dir);
    expect(news.code).toBe(0);
    const week = path.join(dir, 'digests', '2024-W10');
    const names = await readdir(week);
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).not.toMatch(CONTROL);
      expect(name).not.toMatch(/owned/);
      const text = await readFile(path.join(week, name), 'utf8');
      expect(text).not.toMatch(CONTROL);
      // The article displayed these tags (the lead's body keeps them as text; the news bullet is the
      // page's summary, whose markup is dropped); no item's markdown body may hold them as live markup.
      const body = text.slice(text.indexOf('\n---\n') + 5);
      if (name.startsWith('lead-')) expect(body).toContain('img src=');
      else expect(body).toContain('The summary shows and a login as text');
      // A backslash-escaped "\\<" is text in markdown; a bare one would open a tag.
      expect(body).not.toMatch(/(?<!\\)<(img|a\s)|!\[|\]\(https:\/\/phish/);
    }
    const composed = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(composed.code).toBe(0);
    expect(composed.stdout).not.toMatch(CONTROL);
    for (const file of ['issue.html', 'issue.txt', 'issue.json']) expect(await readFile(path.join(week, file), 'utf8')).not.toMatch(CONTROL);
    expect(await readFile(path.join(week, 'issue.html'), 'utf8')).not.toMatch(LIVE);
    expect(await readFile(path.join(week, 'issue.html'), 'utf8')).toContain('&lt;img src=');
  });

  // A description's markup is a CMS's leak, not text to display: its tags are dropped, their words kept.
  it('a URL-only item fills in the page summary as text, never as markup', async () => {
    const server = await hostileServer();
    const { 'digests/news/two.md': _two, ...rest } = weekOf();
    const dir = await fixture({ ...rest, 'digests/news/scraped.md': item({ kind: 'news', date: '2024-03-06', url: server.url('/hostile') }) });
    const run = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const built = await readFile(path.join(dir, 'digests', '2024-W10', 'issue.html'), 'utf8');
    expect(built).toContain('The summary shows and a login as text.');
    expect(built).not.toContain('pixel.gif');
    expect(built).not.toMatch(LIVE);
    expect(built).not.toMatch(CONTROL);
  });

  it('a URL-only lead brings no control characters into the subject or the body', async () => {
    const server = await hostileServer();
    const { 'digests/lead.md': _lead, ...rest } = weekOf();
    const dir = await fixture({ ...rest, 'digests/lead.md': item({ kind: 'lead', date: '2024-03-06', url: server.url('/hostile') }) });
    const run = await runCli(['compose', '--week', '2024-W10', '--json'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(CONTROL);
    const manifest = JSON.parse(await readFile(path.join(dir, 'digests', '2024-W10', 'issue.json'), 'utf8'));
    expect(manifest.subject).toContain('Envoys');
    expect(manifest.subject).not.toMatch(CONTROL);
    const built = await readFile(path.join(dir, 'digests', '2024-W10', 'issue.html'), 'utf8');
    expect(built).not.toMatch(CONTROL);
    expect(built).toContain('displays the tag &lt;img src=');
    expect(built).not.toMatch(LIVE);
  });
});
