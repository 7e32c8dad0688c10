import { describe, expect, it } from 'vitest';
import { cleanTitle, extractArticle, roundupSections } from '../../../src/scrape/extract-article.js';
import { EXPECTED_BODY_TEXT, cmsArticle, openGraphOnly, roundup, titleOnly } from '../../helpers/pages.js';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');

describe('extractArticle', () => {
  it('reads a CMS article: JSON-LD in @graph beats OpenGraph; the body keeps links, drops furniture', () => {
    const article = extractArticle(cmsArticle, 'https://news.example.com/world/envoys-meet?utm=x')!;
    expect(article).toMatchObject({
      title: 'Envoys meet for first direct talks in months',
      dek: 'A lakeside meeting, played down until the last moment, opens a narrow agenda.',
      author: 'Mara Quill and Tomas Reed',
      date: '2024-03-05T09:30:00+01:00',
      url: 'https://news.example.com/world/envoys-meet',
      site: 'The Example Post',
      image: 'https://news.example.com/img/lake.jpg',
    });
    expect(article.paragraphs.map(text)).toEqual(EXPECTED_BODY_TEXT.map(text));
    expect(article.paragraphs[1]).toContain('<a href="https://news.example.com/reports/agenda">');
    const all = article.paragraphs.join(' ');
    for (const junk of ['Share this', 'Keep reading', 'First!', 'Sign up', 'Photo: Example', 'trackReader', '©']) expect(all).not.toContain(junk);
    expect(article.sections).toBeUndefined();
  });

  it('falls back to OpenGraph and meta tags, resolving relative image URLs', () => {
    const article = extractArticle(openGraphOnly, 'https://herald.example.net/a/grain')!;
    expect(article).toMatchObject({
      title: 'Grain corridor holds through winter storms',
      dek: 'Insurers narrowed premiums as ships kept sailing.',
      author: 'Ines Aldana',
      date: '2024-03-06',
      site: 'Harbour Herald',
      image: 'https://herald.example.net/images/ship.jpg',
      url: 'https://herald.example.net/a/grain',
    });
    expect(article.paragraphs).toHaveLength(2);
  });

  it('uses the <title> without its site suffix, and the first sentences as the summary', () => {
    const article = extractArticle(titleOnly, 'https://daily.example.org/p/1')!;
    expect(article.title).toBe('Parliament delegations agree to keep talking');
    expect(article.dek).toMatch(/^Delegations from two neighbouring parliaments/);
    expect(article.author).toBeUndefined();
  });

  it('returns what a page without article text states, and nothing for a page that states nothing', () => {
    expect(extractArticle('<html><head><title>Home</title></head><body><nav>Menu</nav></body></html>', 'https://x.example/')).toEqual({ title: 'Home', url: 'https://x.example/', paragraphs: [] });
    expect(extractArticle('', 'https://x.example/')).toBeUndefined();
    expect(extractArticle('<html><body><nav><a href="/">Home</a></nav><script>app()</script></body></html>', 'https://x.example/')).toBeUndefined();
  });

  it('splits a roundup into its lead, em-dash news bullets and State Department note', () => {
    const article = extractArticle(roundup, 'https://statecraft.example/dw')!;
    const sections = article.sections!;
    expect(sections.lead.map(text)).toEqual([
      'The week was quiet in public, with no new round of talks announced and no envoy on the road.',
      'Underneath, the arguments over aid and guarantees kept moving, as one review noted.',
    ]);
    expect(sections.newsHeading).toBe('In other diplomatic news related to the war in Ukraine:');
    expect(sections.news).toHaveLength(2);
    expect(sections.news[0]).toMatch(/^Three foreign ministers backed .*<a href="https:\/\/example.org\/wire\/1">Example Wire<\/a>\.$/);
    expect(sections.stateDept.map(text)).toEqual(['The State Department did not hold a press briefing this week.']);
    expect(roundupSections(['<p>No sections here.</p>'])).toBeUndefined();
  });

  it('reads JSON-LD wrapped in CDATA, paragraphs written as bare <div>s, and the headline the page declares over its <h1> and <title>', () => {
    const page = `<html><head><title>Talks resume in Geneva - The Daily Example</title>
      <meta property="og:title" content="Talks resume in Geneva after a pause of weeks">
      <script type="application/ld+json"><![CDATA[{"@type":"Article","datePublished":"2024-03-05","author":{"name":"Sam Doe"}}]]></script></head>
      <body><article><h1>Talks resume in Geneva</h1><div>${'Delegations returned to the table in Geneva after a pause of several weeks. '.repeat(3)}</div></article></body></html>`;
    const article = extractArticle(page, 'https://daily.example.com/a')!;
    expect(article).toMatchObject({ title: 'Talks resume in Geneva after a pause of weeks', author: 'Sam Doe', date: '2024-03-05' });
    expect(article.paragraphs).toHaveLength(1);
    expect(article.dek).toMatch(/^Delegations returned to the table/);
  });
});

describe('bylines and site names on the page', () => {
  it('reads a visible byline and a site name without its tagline', () => {
    const page = `<html><head><title>Ports reopen</title><meta property="og:site_name" content="Harbour Herald - News from the docks"></head>
      <body><article><h1>Ports reopen</h1><div class="story-byline">By <a href="/people/ines">Ines Aldana</a> • 8h</div>
      <p>${'The ports reopened on Monday after a week of storms kept ships at anchor outside the harbour. '.repeat(2)}</p></article></body></html>`;
    expect(extractArticle(page, 'https://herald.example.net/p')).toMatchObject({ author: 'Ines Aldana', site: 'Harbour Herald' });
  });
});

describe('cleanTitle', () => {
  it('drops the site name wherever it stands, and a short part after " | "', () => {
    expect(cleanTitle('Talks resume | Example Post', ['Example Post'])).toBe('Talks resume');
    expect(cleanTitle('Example Post — Talks resume', ['Example Post'])).toBe('Talks resume');
    expect(cleanTitle('New Zealand - Wikipedia', ['wikipedia'])).toBe('New Zealand');
    expect(cleanTitle('How the corridor held | Harbour Herald', [])).toBe('How the corridor held');
    expect(cleanTitle('Ukraine - Russia talks resume', [])).toBe('Ukraine - Russia talks resume');
  });
});
