import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/scrape/extract-article.js';
import { page } from '../../fixtures/pages.js';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
const body = (name: string, url = `https://site.example/${name}`) => extractArticle(page(name), url)!.paragraphs.map(text);

// Issue 12: no ads, partner offers, feedback prompts, share bars, sign-ups or credits in a body.
describe('article body', () => {
  it('keeps the article and drops ads, partner offers, prompts, sign-ups, share bars, credits and the byline', () => {
    expect(body('body-furniture')).toEqual([
      'The ferry between the two islands sailed again on Monday, eleven years after the line was cancelled.',
      'Islanders queued from dawn, some carrying the old paper tickets they had kept since the last crossing.',
      'The operator plans two crossings a day through the summer, and one a day when the winter storms make the strait unsafe.',
    ]);
  });

  it("drops a wire story's ad label, credit line and standards link, and keeps its links absolute", () => {
    const article = extractArticle(page('wire-story'), 'https://www.examplewire.example/world/europe/envoys-agree-river-data-2024-03-05/')!;
    expect(article.paragraphs.map(text)).toEqual([
      'ELMSFORD, March 5 (Example Wire) - Two states that fought over an estuary for a decade agreed on Tuesday to share river-level readings every hour, officials said.',
      'The deal, reached after two rounds of talks, puts engineers from both banks in one gauge station below the old bridge.',
      '"It is a small thing, but it is the first thing we have built together," one negotiator said.',
    ]);
    expect(article.paragraphs[1]).toContain('<a href="https://www.examplewire.example/world/europe/talks-2024-02-20/">two rounds of talks</a>');
  });

  it("drops an audio player's label, a sponsor message and a membership appeal", () => {
    expect(body('public-radio')).toEqual([
      'At dawn, two engineers from opposite banks read the same gauge and write the same number in two notebooks.',
      'It is, officials on both sides say, the first thing the two states have ever run together.',
    ]);
  });

  it('drops a download link and a newsletter box, and keeps a section heading', () => {
    expect(body('think-tank')).toEqual([
      "Rival states rarely trust each other's promises, but they can learn to trust a shared gauge, a shared ferry timetable or a shared bridge toll.",
      'What makes shared infrastructure work',
      'The projects that last are small, visible, and easy for either side to leave without losing face.',
    ]);
  });

  it('drops a link to another story set between paragraphs, and the standfirst stays the summary', () => {
    const article = extractArticle(page('newspaper'), 'https://www.dailyexample.example/world/2024/mar/12/harbour')!;
    expect(article.paragraphs.map(text)).toEqual([
      'The harbour at Port Aro was silent for ten years. This spring, the first boats came back.',
      'Families who left during the war say the new ferry made the decision for them: their children can now reach the secondary school on the main island every day.',
      '“We kept the house,” said one fisherman. “We just needed a reason to open the door.”',
    ]);
  });

  it("drops a broadcaster's affiliation line, ad slot and links block, labelled only by data-component", () => {
    expect(body('broadcaster')).toEqual([
      'The two island councils agreed a winter timetable on Thursday after three days of talks in a hotel by the harbour.',
      'The ferry will run twice a day until the storms come, and once a day after that.',
    ]);
  });

  it('drops footnote markers, reference lists and infoboxes from a wiki article', () => {
    expect(body('site-title-suffix')).toEqual([
      'The Treaty of Elmsford settled the border between two river states after a decade of disputes over fishing rights and the islands in the estuary.',
      "It was signed in a church hall because neither delegation would cross into the other's capital.",
    ]);
  });

  it('keeps text that only looks like markup as escaped text, and strips control characters', () => {
    const html = `<html><head><title>T</title></head><body><article><h1>T</h1><p>The manual prints &lt;script&gt;alert(1)&lt;/script&gt; and \u001b[31mred\u001b[0m text\u0007 as examples of what not to paste.</p></article></body></html>`;
    expect(extractArticle(html, 'https://x.example/')!.paragraphs).toEqual(['The manual prints &lt;script&gt;alert(1)&lt;/script&gt; and red text as examples of what not to paste.']);
  });

  it('keeps words whose inline element has a promotional class ("popup" notes)', () => {
    const html = `<html><head><title>T</title></head><body><article><h1>T</h1><p>The clerk kept the <a class="popup" href="/note/1">ledger</a> for thirty years and never once lost a page of it.</p></article></body></html>`;
    expect(body2(html)).toEqual(['The clerk kept the ledger for thirty years and never once lost a page of it.']);
  });
});

// Issue 23: the pages the body benchmark scores (bench/body.mjs), each with the clean text a reader keeps.
describe('article body against a hand-written clean text', () => {
  const clean = (name: string) => readFileSync(new URL(`../../fixtures/pages/${name}.body.txt`, import.meta.url), 'utf8').trim().split('\n');
  const plain = (html: string) => text(html).replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();

  it.each([
    ['body-split-news', 'a body split by an ad slot, a figure, a pull quote, a newsletter box and a "Read more" link, between share bar, tags, related stories, most-read list and cookie notice'],
    ['body-longform-magazine', 'sections between full-width figures, subheadings, a real quotation, a list, a pull quote, a standfirst, a promotion, an author bio and comments'],
    ['body-blog-post', 'a blog post with a subscription box, share and like buttons, related posts, an author box and comments'],
    ['body-wire-portal', 'a wire story between ads, a consent dialog, a trending bar, "More coverage" and "Most Popular"'],
  ])('%s: %s', (name) => {
    expect(extractArticle(page(name), `https://site.example/${name}`)!.paragraphs.map(plain)).toEqual(clean(name));
  });
});

function body2(html: string): string[] {
  return extractArticle(html, 'https://x.example/')!.paragraphs.map(text);
}

describe('roundup pages (add --import)', () => {
  it('splits a WordPress roundup into its lead, news bullets and State Department note, without its furniture', () => {
    const article = extractArticle(page('roundup-wordpress'), 'https://statecraft.example/2024/03/08/diplomacy-watch-envoys-trade-drafts/')!;
    expect(article).toMatchObject({ title: 'Diplomacy Watch: Envoys trade drafts by the lake', author: 'Lea Marsh', site: 'Example Statecraft', date: '2024-03-08T17:30:00+00:00' });
    const sections = article.sections!;
    expect(sections.lead.map(text)).toEqual([
      "Negotiators spent the week exchanging drafts by courier, each side returning the other's text with fewer comments than the time before.",
      'Officials on both sides described the process as slow but serious, and one review counted eleven drafts in five days.',
    ]);
    expect(sections.newsHeading).toBe('In other diplomatic news related to the war in Ukraine:');
    expect(sections.news.map(text)).toEqual([
      'Three foreign ministers backed a truce on strikes against power plants through the winter, Example Wire reported.',
      'A mediator arranged the return of forty children to their families across the front line, according to the Sample Times.',
      'Parliament in a neighbouring state voted to extend its grain corridor guarantees for another year, the Example Post reported.',
    ]);
    expect(sections.news[0]).toContain('<a href="https://example.org/wire/truce">Example Wire reported</a>');
    expect(sections.stateDeptHeading).toBe('U.S. State Department news:');
    expect(sections.stateDept.map(text)).toEqual(['The State Department spokesperson said the department welcomed the exchange of drafts and would not comment on their content.']);
  });
});
