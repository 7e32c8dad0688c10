// What feed readers read and the parser alone did not (found by scripts/feed-compare.mjs against
// feedparser and rss-parser): each case on a feed of our own in tests/fixtures/feeds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSourceEntries } from '../../../src/gather/entry-text.js';
import { parseFeedEntries } from '../../../src/gather/parse-feed.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

const BASE = 'https://example.org';
const feed = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'tests/fixtures/feeds', name), 'utf8').replaceAll('{{base}}', BASE);
/** Entries as gather keeps them: plain-text title and summary, absolute link. */
const read = (name: string) => toSourceEntries(parseFeedEntries(feed(name), `${BASE}/feeds/${name}`).entries).map(({ title, url, summary }) => ({ title, url, summary }));

describe('feeds as readers read them', () => {
  it('reads every RSS 1.0 item in document order, whatever the table of contents lists (addresses with &amp;, items it leaves out)', () => {
    const parsed = parseFeedEntries(feed('bookmarks.rdf'), `${BASE}/feeds/bookmarks.rdf`);
    expect(parsed.entries.map((e) => [e.title, e.url, e.dates])).toEqual([
      ['Tariff schedule explained, line by line', `${BASE}/read?topic=trade&id=41`, ['2024-03-05T09:15:00Z']],
      ['Northern ports reopen after the storm', `${BASE}/read/ports-reopen`, ['2024-03-05T11:40:00Z']],
      ['A late addition the table forgot', `${BASE}/read/late-addition`, ['2024-03-06T08:00:00Z']],
    ]);
    expect(parsed.total).toBe(3);
  });

  it('reads RSS items that stand outside any channel', () => {
    expect(read('loose-items.rss').map((e) => [e.title, e.url])).toEqual([
      ['Committee hearing rescheduled', `${BASE}/chamber/hearing`],
      ["Visitors' gallery closed for repairs", `${BASE}/chamber/gallery`],
    ]);
  });

  it('reads a feed whose items hold nothing it knows as a feed with no entries; other XML is still no feed', () => {
    expect(parseFeedEntries(feed('bare-items.rss'), `${BASE}/feeds/bare-items.rss`)).toEqual({ entries: [], total: 0 });
    const atom03 = '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><author><homepage>https://example.org/</homepage></author></entry></feed>';
    expect(parseFeedEntries(atom03, `${BASE}/atom`).entries).toEqual([]);
    expect(() => parseFeedEntries('<?xml version="1.0"?><urlset><url><loc>https://example.org/</loc></url></urlset>', `${BASE}/sitemap`)).toThrow(
      'not a feed: XML, but not RSS, Atom or RDF',
    );
  });

  it('reads an Atom feed by its root though its content quotes RSS, linking the web page before another feed', () => {
    expect(read('devnotes.atom')).toEqual([{ title: 'How our wire feed is built', url: `${BASE}/devnotes/7`, summary: 'The feed starts like this:' }]);
  });

  it('takes Atom text written as elements for markup and escaped text for text, and links an entry that has no link by its http id', () => {
    expect(read('archive-03.atom')).toEqual([
      { title: 'Consulate hours change', url: `${BASE}/archive/hours`, summary: 'Opening hours move to nine from Monday.' },
      { title: 'Why <b> tags show in old bulletins', url: `${BASE}/archive/tags`, summary: '' },
      { title: 'Visa desk closed on Friday', url: `${BASE}/archive/visa-desk`, summary: '' },
    ]);
    // An id that is no web address links nowhere: such an entry is left out as incomplete, as before.
    const urn = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><id>urn:example:1</id><updated>2024-03-05T10:00:00Z</updated></entry></feed>';
    expect(parseFeedEntries(urn, `${BASE}/atom`).entries[0]!.url).toBe('');
  });

  it('links an RSS item by the Atom link it carries, else by a guid that is a permalink', () => {
    expect(read('relay.rss').map((e) => e.url)).toEqual([`${BASE}/relay/river-treaty`, `${BASE}/relay/border-crossing`]);
  });

  it('titles an untitled post by its first sentence, or its first words when that is too long, and keeps an empty one untitled', () => {
    expect(read('statuses.rss').map((e) => e.title)).toEqual([
      'Briefing moved to 3 pm today.',
      'The delegation arrived in the capital this morning for two days of consultations.',
      'Thank you to everyone who joined the question session on regional water sharing and the upcoming…',
      '',
    ]);
  });
});
