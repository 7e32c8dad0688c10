import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/scrape/extract-article.js';
import { page } from '../../fixtures/pages.js';

// Issue 23, third round: what pages state in places the extractor did not read yet (feed titles,
// sharing-card labels, a social handle, a WebPage-only JSON-LD graph), each on a page of our own writing.
const at = (name: string) => `http://127.0.0.1:8080/${name}.html`;
const extract = (name: string, html = page(name)) => extractArticle(html, at(name))!;

describe('site name', () => {
  it('reads a blog\'s name from "Blog: Post" when the page\'s own feeds carry the same name', () => {
    expect(extract('site-blog-title-prefix')).toMatchObject({ title: 'Low tide at the old pier', site: 'Harbour Light Notes' });
  });

  it('takes no name from a title prefix that neither the host nor a feed carries (a kicker, a document number)', () => {
    const html = page('site-blog-title-prefix').replace(/<link rel="alternate"[^>]*>\n/g, '').replace('Harbour Light Notes: Low', 'Dispatch 14: Low');
    expect(extract('site-blog-title-prefix', html).site).toBeUndefined();
  });

  it('names the site after its social handle when nothing else names it and the handle names the host', () => {
    expect(extract('site-social-handle').site).toBe('WeekPlanner');
  });

  it("ignores a social handle that does not name the page's host", () => {
    const html = page('site-social-handle').replace('@WeekPlanner', '@CityDesk');
    expect(extract('site-social-handle', html).site).toBeUndefined();
  });
});

describe('summary', () => {
  it('prefers the clean stated description to one with a sign-up prompt stuck in front of it', () => {
    expect(extract('dek-prompt-prefix').dek).toBe('The island ferry will raise its fares by a tenth in the spring, the operator said on Tuesday, its first rise in six years.');
  });

  it("drops a press wire's dateline from the front of a release's description", () => {
    expect(extract('dek-wire-dateline').dek).toBe('Lakeside Robotics, a maker of welding arms for shipyards, today opened a training centre where apprentices learn to work beside them.');
  });

  it('drops the other common wire dateline, "PLACE, ST--(Wire - Date) - "', () => {
    const html = page('dek-wire-dateline').replace('PORTVALE, March 4, 2026 /Harbour Release Wire/ --', 'PORTVALE, NB--(Harbour Release Wire - March 4, 2026) -');
    expect(extract('dek-wire-dateline', html).dek).toMatch(/^Lakeside Robotics, a maker/);
  });

  it('keeps a description whose opening words only look like a credit in brackets', () => {
    const html = page('dek-wire-dateline').replace(/content="PORTVALE[^"]*"/, 'content="The shipyard (the largest on the coast) - a big employer - will train twenty apprentices a term."');
    expect(extract('dek-wire-dateline', html).dek).toMatch(/^The shipyard \(the largest on the coast\)/);
  });

  it('keeps the first stated description when no other one is a part of it', () => {
    const html = page('dek-prompt-prefix').replace(/<meta name="description"[^>]*>/, '<meta name="description" content="Fares go up in the spring.">');
    expect(extract('dek-prompt-prefix', html).dek).toMatch(/^Get the morning briefing/);
  });
});

describe('author', () => {
  it('reads the author a sharing card labels "Written by" when no author tag is stated', () => {
    expect(extract('author-card-label').author).toBe('Noor Haddad');
  });

  it('reads no author from a card label that names something else', () => {
    const html = page('author-card-label').replace('Written by', 'Filed under');
    expect(extract('author-card-label', html).author).toBeUndefined();
  });

  it('reads the person a WebPage-only JSON-LD graph credits, with its date and description', () => {
    expect(extract('json-ld-webpage-author')).toMatchObject({
      author: 'Rosa Lindqvist',
      date: '2026-06-12T18:05:00+00:00',
      dek: 'Forty stalls will line the towpath on Friday nights until September, the first night market there in five years.',
      site: 'Eastgate Weekly',
    });
  });

  it("credits no one when the byline is the outlet's name with a role after it", () => {
    const html = page('author-card-label').replace('<meta name="twitter:label1"', '<meta name="author" content="Riverside Ledger Correspondent">\n<meta name="twitter:label1"');
    expect(extract('author-card-label', html).author).toBeUndefined();
  });
});
