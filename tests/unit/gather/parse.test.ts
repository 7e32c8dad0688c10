import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/gather/canonical-url.js';
import { parseEntryDate } from '../../../src/gather/parse-date.js';
import { parseFeedEntries } from '../../../src/gather/parse-feed.js';
import { SourceError } from '../../../src/gather/source-error.js';
import { parseListingEntries } from '../../../src/gather/parse-listing.js';
import { STATE_DEPT_SELECTORS } from '../../../src/gather/sources.js';
import { topicMatcher } from '../../../src/gather/topic-filter.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

const feed = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'tests/fixtures/feeds', name), 'utf8').replaceAll('{{base}}', 'https://example.org');

describe('parseEntryDate', () => {
  it.each([
    // RFC 822 with named and numeric zones, as RSS writes them
    ['Tue, 05 Mar 2024 09:30:00 EST', 'America/New_York', { day: '2024-03-05', time: '09:30' }],
    ['Tue, 05 Mar 2024 23:30:00 GMT', 'America/New_York', { day: '2024-03-05', time: '18:30' }],
    ['Tue, 05 Mar 2024 23:30:00 GMT', 'Europe/Berlin', { day: '2024-03-06', time: '00:30' }],
    ['Thu, 07 Mar 2024 10:00:00 +0100', 'UTC', { day: '2024-03-07', time: '09:00' }],
    // ISO 8601, with a zone, without one (taken in the newsletter's zone), and a bare day
    ['2024-03-05T23:30:00Z', 'Asia/Tokyo', { day: '2024-03-06', time: '08:30' }],
    ['2024-03-05T09:30:00+05:30', 'UTC', { day: '2024-03-05', time: '04:00' }],
    ['2024-03-05 09:30', 'America/New_York', { day: '2024-03-05', time: '09:30' }],
    ['2024-03-05', 'Pacific/Kiritimati', { day: '2024-03-05' }],
    // What listing pages print
    ['March 5, 2024', 'America/Los_Angeles', { day: '2024-03-05' }],
    ['Department Press Briefing – March 7, 2024', 'UTC', { day: '2024-03-07' }],
    ['5 March 2024 14:00 CET', 'UTC', { day: '2024-03-05', time: '13:00' }],
    ['Mar. 10, 2024, 11:59 p.m.', 'America/New_York', { day: '2024-03-10', time: '23:59' }],
  ])('%s in %s', (text, zone, expected) => {
    const parsed = parseEntryDate(text, zone);
    expect(parsed).toMatchObject(expected);
    if (!('time' in expected)) expect(parsed!.time).toBeUndefined();
  });

  it('reads an explicit date-fns format, and refuses what is no date', () => {
    expect(parseEntryDate('05.03.2024', 'Europe/Berlin', 'dd.MM.yyyy')).toMatchObject({ day: '2024-03-05' });
    expect(parseEntryDate('05.03.2024 14:00', 'Europe/Berlin', 'dd.MM.yyyy HH:mm')).toMatchObject({ day: '2024-03-05', time: '14:00' });
    for (const text of ['', 'Tuesday', 'soon', '31.02.2024']) expect(parseEntryDate(text, 'UTC', text.includes('.') ? 'dd.MM.yyyy' : undefined)).toBeUndefined();
  });

  it('orders a day without a time at its noon, in the zone', () => {
    expect(new Date(parseEntryDate('2024-03-05', 'America/New_York')!.instant).toISOString()).toBe('2024-03-05T17:00:00.000Z');
  });
});

describe('topicMatcher', () => {
  it('ignores case and accents, matches whole words, phrases and word beginnings', () => {
    const keep = topicMatcher({ include: ['Senegal', 'Iran', 'black sea', 'sanction*', 'U.S.'], exclude: [] });
    expect(keep('SÉNÉGAL hosts talks')).toBe('on-topic');
    expect(keep("Iran's foreign minister")).toBe('on-topic');
    expect(keep('An Iranian delegation')).toBe('off-topic');
    expect(keep('Ships cross the Black   Sea')).toBe('on-topic');
    expect(keep('Black tea, sea salt')).toBe('off-topic');
    expect(keep('New sanctions announced')).toBe('on-topic');
    expect(keep('The US embassy')).toBe('on-topic');
  });

  it('keeps everything without includes, and drops any exclude', () => {
    const keep = topicMatcher({ include: [], exclude: ['football', 'celebrit*'] });
    expect(keep('Talks resume')).toBe('on-topic');
    expect(keep('FOOTBALL: a late goal')).toBe('off-topic');
    expect(keep('Celebrities at the summit')).toBe('off-topic');
    expect(keep('Footballer turned envoy')).toBe('on-topic');
  });
});

describe('canonicalUrl', () => {
  it('treats tracking parameters, www., scheme, fragment and trailing slash as the same article', () => {
    expect(canonicalUrl('http://www.Example.org/a/b/?utm_source=rss&id=3#top')).toBe(canonicalUrl('https://example.org/a/b?id=3'));
    expect(canonicalUrl('https://example.org/a?id=3')).not.toBe(canonicalUrl('https://example.org/a?id=4'));
  });
});

describe('parseFeedEntries', () => {
  it('reads RSS with pubDate, Atom with updated only, JSON Feed, and Dublin Core dates', () => {
    const rss = parseFeedEntries(feed('wire.rss'), 'https://example.org/feeds/wire.rss').entries;
    expect(rss).toHaveLength(7);
    expect(rss[4]).toEqual({
      title: 'Envoys meet for first direct talks in months',
      url: 'https://example.org/wire/envoys-meet?utm_source=rss&utm_medium=feed',
      id: 'wire-1001',
      summaryHtml: 'Delegations sat in the same room for the first time since the autumn.',
      dates: ['Tue, 05 Mar 2024 09:30:00 EST'],
    });
    const atom = parseFeedEntries(feed('times.atom'), 'https://example.org/feeds/times.atom').entries;
    expect(atom[0]!.title).toBe('Opinion: the case for <em>slower</em> diplomacy');
    expect(atom[1]).toMatchObject({ url: 'https://example.org/times/2024/03/07/senegal-mediation', dates: ['2024-03-07T08:00:00-05:00'] });
    const json = parseFeedEntries(feed('daily.json'), 'https://example.org/feeds/daily.json').entries;
    expect(json.map((e) => e.summaryHtml)).toEqual([
      'Delegations from two neighbouring parliaments used the same phrase in their readouts.',
      '<p>Insurers returned to the route this week.</p>',
      'The visit was announced a day in advance.',
      'Two routes across the strait.',
    ]);
    expect(parseFeedEntries(feed('review.rss'), 'https://example.org/r').entries.map((e) => e.dates)).toEqual([['2024-03-06'], []]);
  });

  it('escapes plain-text titles so every title downstream is HTML', () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '1', url: '/x', title: 'Tariffs <up> & down' }] });
    expect(parseFeedEntries(json, 'https://example.org/feed.json').entries[0]).toMatchObject({ title: 'Tariffs &lt;up&gt; &amp; down', url: 'https://example.org/x' });
  });

  it('names the XML error, a page in place of a feed (and the feed it links), and what is no feed', () => {
    expect(() => parseFeedEntries(feed('broken.xml'), 'https://example.org/b')).toThrow(/^not a feed: malformed XML at line 6, column \d+: Expected closing tag 'title'/);
    const page = (() => {
      try {
        parseFeedEntries(feed('landing.html'), 'https://example.org/post/world/');
      } catch (error) {
        return error as SourceError;
      }
    })();
    expect(page).toBeInstanceOf(SourceError);
    expect(page!.message).toBe('not a feed: an HTML page');
    expect(page!.hint).toContain('"url": "https://example.org/post/world/feed.xml"');
    expect(() => parseFeedEntries('{"version": 1', 'https://example.org/f')).toThrow(/not a feed: invalid JSON/);
    expect(() => parseFeedEntries('just words', 'https://example.org/f')).toThrow('not a feed (neither XML nor JSON Feed)');
    expect(() => parseFeedEntries('<?xml version="1.0"?><catalog><book/></catalog>', 'https://example.org/f')).toThrow('not a feed: XML, but not RSS, Atom or RDF');
  });
});

describe('parseListingEntries', () => {
  it("reads state.gov's collection layout with the preset, the title's date first", () => {
    const entries = parseListingEntries(feed('briefings.html'), 'https://example.org/department-press-briefings/', STATE_DEPT_SELECTORS);
    expect(entries).toHaveLength(4);
    expect(entries[1]).toEqual({
      title: 'Department Press Briefing – March 5, 2024',
      url: 'https://example.org/briefings/department-press-briefing-march-5-2024/',
      summaryHtml: '',
      dates: ['Department Press Briefing – March 5, 2024', 'Spokesperson of the Example Department', 'March 6, 2024'],
    });
  });

  it('takes the first link and <time datetime> by default, a date from the URL, and relative links', () => {
    const html = '<ul><li><a href="/2024/03/06/arms">Arms talks</a> <span class="when">Mar 6</span></li><li><a href="/about">About us</a></li></ul>';
    const fromUrl = parseListingEntries(html, 'https://example.org/list', { entries: 'li', date: 'url' });
    expect(fromUrl.map((e) => [e.title, e.url, e.dates])).toEqual([
      ['Arms talks', 'https://example.org/2024/03/06/arms', ['2024-03-06']],
      ['About us', 'https://example.org/about', []],
    ]);
    const teasers = parseListingEntries(feed('institute.html'), 'https://example.org/institute/publications', { entries: 'article.teaser', summary: '.teaser-summary' });
    expect(teasers[0]).toMatchObject({ title: 'Reading the new arms-control proposal', url: 'https://example.org/institute/arms-control', dates: ['2024-03-06'] });
    expect(teasers[0]!.summaryHtml).toBe('What the draft says about verification, and what it leaves out.');
  });

  it('says which selector is wrong or matches nothing', () => {
    expect(() => parseListingEntries('<p>x</p>', 'https://example.org/', { entries: 'li.result' }, 'sources.3.listing')).toThrow(
      'no element on the page matches sources.3.listing.entries "li.result"',
    );
    expect(() => parseListingEntries('<li>x</li>', 'https://example.org/', { entries: 'li[' }, 'sources.3.listing')).toThrow(/sources\.3\.listing\.entries "li\[" is not a valid CSS selector/);
  });
});
