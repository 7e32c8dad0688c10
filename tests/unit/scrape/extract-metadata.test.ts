import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/scrape/extract-article.js';
import { authorNames, joinNames } from '../../../src/scrape/byline.js';
import { largestOfSrcset } from '../../../src/scrape/lead-image.js';
import { dateFromUrl, isoDate } from '../../../src/scrape/published-date.js';
import { page } from '../../fixtures/pages.js';

// One test per cause of a missed field (issue 12), each on a page of our own in the shape real sites use.
const extract = (name: string, url = `https://site.example/${name}`) => extractArticle(page(name), url)!;

describe('a page without article text', () => {
  it('keeps everything it states: a podcast episode', () => {
    expect(extract('podcast-thin')).toEqual({
      title: 'Episode 41: The long road to a grain deal',
      dek: 'Two shipping analysts explain why the corridor held through the winter, and what could still break it.',
      site: 'Corridor Talk',
      image: 'https://cdn.corridortalk.example/art/ep41.jpg',
      date: '2024-02-14',
      url: 'https://site.example/podcast-thin',
      paragraphs: [],
    });
  });

  it('keeps everything it states: a video page described only in JSON-LD', () => {
    expect(extract('video-object')).toMatchObject({
      title: 'Watch: envoys arrive at the lakeside talks',
      dek: 'Footage of the delegations arriving by boat for the first round.',
      date: '2024-03-05T08:00:00Z',
      site: 'Lakeside Broadcasting',
      image: 'https://video.example.org/thumbs/arrival.jpg',
      paragraphs: [],
    });
  });
});

describe('site name', () => {
  it("prefers the JSON-LD publisher (by @id) to a domain in og:site_name", () => {
    expect(extract('site-publisher-over-domain').site).toBe('Harbour Herald');
  });

  it('reads a WebSite node when nothing else names the site', () => {
    expect(extract('site-website-node').site).toBe('The Quarterly Ledger');
  });

  it('reads twitter:app:name without its tagline, before a company name in <meta name="publisher">', () => {
    expect(extract('site-app-name').site).toBe('Daily Dispatch');
  });

  it("reads the <title> suffix, and prefers it to a publisher's legal name when it matches the host", () => {
    expect(extract('site-title-suffix', 'https://en.wikipedia.org/wiki/Treaty_of_Elmsford').site).toBe('Wikipedia');
    expect(extract('blog-masthead').site).toBe('quiet kitchen');
  });

  it('prefers the publisher to an og:site_name that is a domain, for a public radio page', () => {
    expect(extract('public-radio').site).toBe('Example Public Radio');
  });

  it('never takes a headline set as application-name for the site', () => {
    const html = `<html><head><title>Envoys meet again</title><meta name="application-name" content="Envoys meet again"><meta property="og:site_name" content="Lake News"></head><body><h1>Envoys meet again</h1></body></html>`;
    expect(extractArticle(html, 'https://lake.example/a')).toMatchObject({ title: 'Envoys meet again', site: 'Lake News' });
  });
});

describe('headline', () => {
  it("never takes a blog's masthead <h1> for the headline", () => {
    expect(extract('blog-masthead').title).toBe('Slow-cooked beans for a long negotiation');
  });

  it("prefers the JSON-LD name the page shows to a headline it does not (a wiki's short description)", () => {
    expect(extract('site-title-suffix').title).toBe('Treaty of Elmsford');
  });

  it('drops the site and section from a newspaper <title>, and keeps an og:title as stated', () => {
    const html = page('newspaper').replace(/<meta property="og:title"[^>]*>/, '');
    expect(extractArticle(html, 'https://www.dailyexample.example/world/2024/mar/12/harbour')!.title).toBe('Islanders return to a harbour emptied by war');
    expect(extract('newspaper').title).toBe('Islanders return to a harbour emptied by war');
  });

  it('drops a " : Site" suffix when the page names the site', () => {
    const html = page('public-radio').replace(/<meta property="og:title"[^>]*>/, '').replace(/"headline":"[^"]*",/, '');
    expect(extractArticle(html, 'https://www.epr.example/2024/03/09/gauge')!.title).toBe('Why a river gauge became a peace project');
  });
});

describe('headline declared by the page (issue 23)', () => {
  it('takes the JSON-LD headline the <title> shows over a shorter display <h1>, without the " | Site" of og:title', () => {
    expect(extract('body-split-news').title).toBe('Ferry talks stall over fuel costs as the islands wait');
  });

  it('takes og:title over an <h1> that differs, when no JSON-LD headline is shown', () => {
    const html = `<html><head><title>Ports reopen - Lake News</title><meta property="og:title" content="Ports reopen after a week of storms | Lake News"></head><body><article><h1>Ports reopen</h1><p>${'Ships came back to the quays on Monday morning. '.repeat(4)}</p></article></body></html>`;
    expect(extractArticle(html, 'https://lake.example/a')!.title).toBe('Ports reopen after a week of storms');
  });

  it('takes og:title over a JSON-LD headline cut short to a search engine length', () => {
    const html = `<html><head><title>Ports reopen after a week of storms kept every ship at anchor - Lake News</title><meta property="og:title" content="Ports reopen after a week of storms kept every ship at anchor"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Ports reopen after a week of storms kept every…"}</script></head><body><article><h1>Ports reopen</h1><p>${'Ships came back to the quays on Monday morning. '.repeat(4)}</p></article></body></html>`;
    expect(extractArticle(html, 'https://lake.example/a')!.title).toBe('Ports reopen after a week of storms kept every ship at anchor');
  });
});

describe('summary when the page states none', () => {
  it('is the opening paragraph, never a navigation list, a heading or a hatnote', () => {
    expect(extract('dek-no-description').dek).toBe(
      'The river commission met on Thursday for the first time since the spring floods, and agreed to share water-level data every hour.',
    );
  });

  it("is the article's prose, not an infobox cell or the site's tagline", () => {
    expect(extract('site-title-suffix').dek).toMatch(/^The Treaty of Elmsford settled the border/);
  });
});

describe('author', () => {
  it('reads author links in the byline, ignores a Facebook page as meta author, and joins names as a reader writes them', () => {
    expect(extract('byline-in-page').author).toBe('Ana Ruiz, Tom Reed and Li Wei');
  });

  it('leaves the job title out', () => {
    expect(extract('byline-job-title').author).toBe('Ben Tanner');
  });

  it('reads a link to an author page, and JSON-LD people referenced by @id', () => {
    expect(extract('blog-masthead').author).toBe('Margit Holm');
    expect(extract('site-website-node').author).toBe('Odile Marchetti');
    expect(extract('think-tank').author).toBe('Priya Natarajan');
  });

  it('reads a name given as a list, and several people in JSON-LD', () => {
    expect(extract('public-radio').author).toBe('Ruth Alder');
    expect(extract('wire-story').author).toBe('Karin Holt and Daniel Osei');
  });

  it("reads a byline a React-built page labels with data-testid, without the outlet and place after the name", () => {
    expect(extract('broadcaster').author).toBe('Tomos Pryce');
  });

  it('follows JSON-LD author references within @graph (issue 23)', () => {
    expect(extract('body-split-news').author).toBe('Maren Tollefsen and Ibrahim Castell');
  });

  it('reads a byline with roles after each name, and no URL as article:author', () => {
    expect(extract('body-longform-magazine').author).toBe('Ana Sorel and Piet Kaan');
  });

  it('reads <meta name=author>, and a byline with the agency after the name', () => {
    expect(extract('body-blog-post').author).toBe('Lise Brandt');
    expect(extract('body-wire-portal').author).toBe('KARL OTTE');
  });

  it('reads rel=author when the page states no author', () => {
    const html = `<html><head><title>Notes</title><meta property="article:author" content="https://social.example/notes"></head><body><article><h1>Notes</h1><p>Posted by <a rel="author" href="/about">Odd Viken</a></p><p>${'The tide came in early. '.repeat(8)}</p></article></body></html>`;
    expect(extractArticle(html, 'https://notes.example/a')!.author).toBe('Odd Viken');
  });

  it('cleans bylines with roles, agencies, places and outlets', () => {
    expect(authorNames('By Ana Sorel, Staff Writer, and Piet Kaan, Contributing Reporter')).toEqual(['Ana Sorel', 'Piet Kaan']);
    expect(authorNames('By TOM HALE, AP Auto Writer')).toEqual(['TOM HALE']);
    expect(authorNames('By Ana Ruiz and Tom Reed, Associated Press')).toEqual(['Ana Ruiz', 'Tom Reed']);
    expect(authorNames('Ana Ruiz in Kyiv and Tom Reed in Lviv')).toEqual(['Ana Ruiz', 'Tom Reed']);
    expect(authorNames('Ana Ruiz for Example News')).toEqual(['Ana Ruiz']);
    expect(authorNames('Ana Ruiz / Example Wire')).toEqual(['Ana Ruiz']);
    expect(authorNames('Ana Ruiz, Reuters')).toEqual(['Ana Ruiz']);
    expect(authorNames('Organization for Transformative Works')).toEqual(['Organization for Transformative Works']);
    expect(authorNames('CC7567')).toEqual([]);
  });

  it('cleans bylines as pages write them', () => {
    expect(authorNames('By Ana Ruiz and Tom Reed • 8h')).toEqual(['Ana Ruiz', 'Tom Reed']);
    expect(authorNames('ANA RUIZ March 11, 2015 3:46 PM')).toEqual(['ANA RUIZ']);
    expect(authorNames('Ana Ruiz, Senior Fellow, Water Security Program')).toEqual(['Ana Ruiz']);
    expect(authorNames('Steven Lee Myers Chief Diplomatic Correspondent')).toEqual(['Steven Lee Myers']);
    expect(authorNames('Brenda Goodman, MA')).toEqual(['Brenda Goodman, MA']);
    expect(authorNames('Written by Rob Ames Edited by Beth Byers')).toEqual(['Rob Ames']);
    expect(authorNames('Last Updated: January 7, 2025')).toEqual([]);
    expect(authorNames('www.facebook.com/examplenewsdesk')).toEqual([]);
    expect(authorNames('https://example.com/profile/ana')).toEqual([]);
    expect(authorNames('CAIRO —')).toEqual([]);
    expect(authorNames('Ana Ruiz (https://ana.example/about/)')).toEqual(['Ana Ruiz']);
    expect(authorNames('Ana Ruiz & Tom Reed')).toEqual(['Ana Ruiz', 'Tom Reed']);
    expect(authorNames('Mac & i')).toEqual(['Mac & i']);
    expect(joinNames(['A. One'])).toBe('A. One');
    expect(joinNames(['A. One', 'B. Two', 'C. Three'])).toBe('A. One, B. Two and C. Three');
  });
});

describe('publication date', () => {
  it('reads malformed ISO dates as pages write them', () => {
    expect(extract('date-malformed-iso').date).toBe('2024-05-23T09:30:00.000-05:00');
    expect(isoDate('2017-01-18T23:00:00-0800')).toBe('2017-01-18T23:00:00-08:00');
    expect(isoDate('2023-12-20T20:09:56.0000000Z')).toBe('2023-12-20T20:09:56.000Z');
    expect(isoDate('2016-02-01 01:28:49')).toBe('2016-02-01T01:28:49');
    expect(isoDate('20240523')).toBe('2024-05-23');
    expect(isoDate('May 23, 2024')).toBe('2024-05-23');
    expect(isoDate('Thu, 10 Mar 2016 10:00:00 GMT')).toBe('2016-03-10T10:00:00.000Z');
    expect(isoDate('1716422400')).toBe('2024-05-23T00:00:00.000Z');
    expect(isoDate('2024-02-30')).toBeUndefined();
    expect(isoDate('soon')).toBeUndefined();
  });

  it('reads a date found only in the URL', () => {
    expect(extract('date-in-url', 'https://news.example.com/2024/05/23/grain-ships-clear-the-strait/').date).toBe('2024-05-23');
    expect(dateFromUrl('https://news.example.com/world/grain-ships-20240523.html')).toBe('2024-05-23');
    expect(dateFromUrl('https://news.example.com/world/2024/grain')).toBeUndefined();
  });

  it("reads a date written only in the article's dateline, not one in related stories", () => {
    expect(extract('date-in-text').date).toBe('2024-03-07');
  });

  it("takes no date from a listing page's first <time>", () => {
    expect(extract('listing-page').date).toBeUndefined();
  });
});

describe('image', () => {
  it('falls back to the first large content image, never a logo, pixel, data: URI, SVG icon or avatar', () => {
    expect(extract('image-fallback').image).toBe('https://site.example/media/old-bridge.jpg');
  });

  it('reads a JSON-LD image given by @id reference to an ImageObject in @graph', () => {
    expect(extract('body-split-news').image).toBe('https://harbourledger.example/wp-content/uploads/2024/04/slipway.jpg');
  });

  it('takes the largest srcset candidate of a picture that has no src', () => {
    expect(extract('body-longform-magazine', 'https://meridian.example/reports/cartographers').image).toBe('https://meridian.example/media/survey-1280.jpg');
    expect(largestOfSrcset('https://cdn.example/w_640,h_360/a.jpg 640w, https://cdn.example/w_1280,h_720/a.jpg 1280w')).toBe('https://cdn.example/w_1280,h_720/a.jpg');
    expect(largestOfSrcset('a.jpg, b.jpg 2x')).toBe('b.jpg');
    expect(largestOfSrcset('data:image/gif;base64,R0lG 1w, real.jpg 800w')).toBe('real.jpg');
  });

  it('resolves protocol-relative and relative stated images', () => {
    expect(extract('body-blog-post').image).toBe('https://cdn.coastalnotebook.example/2024/03/keeper-letters.jpg');
    expect(extract('body-wire-portal', 'https://portal.example/world/a').image).toBe('https://portal.example/images/wire/2024/04/crossing-trucks.jpg');
  });

  it("reads JSON-LD image lists and link rel=image_src, and passes over a stated logo for the article's picture", () => {
    const head = (tags: string) => `<html><head><title>T</title>${tags}</head><body><article><h1>T</h1><p>${'Words of the story. '.repeat(10)}</p></article></body></html>`;
    const ld = (image: string) => `<script type="application/ld+json">{"@type":"NewsArticle","headline":"T","image":${image}}</script>`;
    expect(extractArticle(head(ld('[{"@type":"ImageObject","url":"/a-16x9.jpg"},{"@type":"ImageObject","url":"/a-1x1.jpg"}]')), 'https://s.example/p')!.image).toBe('https://s.example/a-16x9.jpg');
    expect(extractArticle(head('<link rel="image_src" href="/lead.jpg">'), 'https://s.example/p')!.image).toBe('https://s.example/lead.jpg');
    expect(extractArticle(head(`<meta property="og:image" content="/static/site-logo.png">${ld('"/photos/quay.jpg"')}`), 'https://s.example/p')!.image).toBe('https://s.example/photos/quay.jpg');
    expect(extractArticle(head('<meta property="og:image" content="/static/site-logo.png">'), 'https://s.example/p')!.image).toBe('https://s.example/static/site-logo.png');
  });

  it('resolves a relative JSON-LD image', () => {
    expect(extract('json-ld-review').image).toBe('https://site.example/covers/memoir.jpg');
  });
});

describe('JSON-LD', () => {
  it('reads a Review, decoding entities and dropping tags in its strings', () => {
    expect(extract('json-ld-review')).toMatchObject({
      title: 'Review: a memoir of twenty years at the negotiating table',
      dek: 'The former envoy’s book is candid about the failures & the ‘small wins’.',
      author: 'Jonas Ek',
      date: '2024-02-01',
      site: 'The Reading Room',
    });
  });
});

describe('outlet-shaped pages', () => {
  it('reads a wire story completely', () => {
    expect(extract('wire-story', 'https://www.examplewire.example/world/europe/envoys-agree-river-data-2024-03-05/')).toMatchObject({
      title: 'Envoys agree to hourly data sharing on river levels',
      dek: 'Two states that fought over an estuary for a decade agreed on Tuesday to share river-level readings every hour.',
      author: 'Karin Holt and Daniel Osei',
      date: '2024-03-05T14:02:11Z',
      site: 'Example Wire',
      image: 'https://www.examplewire.example/resizer/estuary.jpg?width=1200',
      url: 'https://www.examplewire.example/world/europe/envoys-agree-river-data-2024-03-05/',
    });
  });

  it('reads a think tank page (Yoast graph with @id references)', () => {
    expect(extract('think-tank')).toMatchObject({
      title: 'Shared infrastructure as a confidence-building measure',
      site: 'Center for Estuary Studies',
      date: '2024-03-11T12:00:00+00:00',
      image: 'https://estuarystudies.example/wp-content/uploads/2024/03/gauge.jpg',
    });
  });

  it("reads a newspaper page: the publisher's name over og:site_name's spelling", () => {
    expect(extract('newspaper')).toMatchObject({ site: 'The Daily Example', author: 'Sela Moana', date: '2024-03-12T06:00:10.000Z' });
  });
});

describe('never throws', () => {
  it.each([
    ['empty', ''],
    ['text only', 'just some words'],
    ['broken JSON-LD', '<script type="application/ld+json">{"@type":</script><title>T</title>'],
    ['JSON-LD of odd shapes', '<script type="application/ld+json">[null, 3, "x", {"@graph": [null, {"@type": ["Article"], "headline": 5, "author": [null, {"name": null}], "publisher": "Pub"}]}]</script><title>T</title>'],
    ['unclosed tags', '<html><body><article><h1>T<p>one<p>two<div><a href="javascript:alert(1)">x'],
    ['deep nesting', `<title>T</title>${'<div>'.repeat(3000)}text${'</div>'.repeat(3000)}`],
    ['bad URLs', '<title>T</title><link rel="canonical" href="http://[bad"><meta property="og:image" content="javascript:alert(1)"><base href="::">'],
  ])('on %s', (_name, html) => {
    expect(() => extractArticle(html, 'https://x.example/a')).not.toThrow();
  });
});
