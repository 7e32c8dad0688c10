import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryNotes } from '../../../src/gather/entry-notes.js';
import { entryDocuments, sniffDocument } from '../../../src/gather/feed-document.js';
import { IMPOSSIBLE, parseEntryDate } from '../../../src/gather/parse-date.js';
import { parseFeedEntries } from '../../../src/gather/parse-feed.js';
import { readEntries } from '../../../src/gather/read-entries.js';
import { SourceError } from '../../../src/gather/source-error.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

const feed = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'tests/fixtures/feeds', name), 'utf8').replaceAll('{{base}}', 'https://example.org');
const refusal = (text: string): SourceError => {
  try {
    parseFeedEntries(text, 'https://example.org/feed');
  } catch (error) {
    return error as SourceError;
  }
  throw new Error('parsed');
};

describe('sniffDocument: an HTML page, however it starts', () => {
  it.each([
    ['<!DOCTYPE html><html><body>x</body></html>'],
    ['\uFEFF  <!doctype HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><html>'],
    ['<head><title>x</title></head><body></body>'],
    ['<body><p>maintenance</p></body>'],
    ['<!-- cached 12:00 --><html lang="en">'],
    ['<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml">'],
    ['<meta charset="utf-8"><title>x</title>'],
    ['Warning: a stray line first\n<div class="page">x</div>'],
    ['<script>location.href="/"</script>'],
  ])('%j is a page', (text) => {
    expect(sniffDocument(text)).toEqual({ type: 'html' });
    expect(refusal(text).message).toBe('not a feed: an HTML page');
  });

  it('tells feeds and JSON by their root, after any prolog', () => {
    expect(sniffDocument('<?xml version="1.0"?>\n<!-- c --><?xml-stylesheet href="s.xsl"?><rss version="2.0">')).toEqual({ type: 'xml', root: 'rss', prefix: '' });
    expect(sniffDocument('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x"><rss version="0.91">')).toEqual({ type: 'xml', root: 'rss', prefix: '' });
    expect(sniffDocument('<rdf:RDF xmlns:rdf="x">')).toEqual({ type: 'xml', root: 'RDF', prefix: 'rdf' });
    expect(sniffDocument('<atom:feed xmlns:atom="x">')).toEqual({ type: 'xml', root: 'feed', prefix: 'atom' });
    expect(sniffDocument(' {"version": "https://jsonfeed.org/version/1.1"}')).toEqual({ type: 'json' });
  });
});

describe('parseFeedEntries: what a source sends', () => {
  it('resolves links by nested xml:base (feed, entry, link), as RFC 3986 says', () => {
    const entries = parseFeedEntries(feed('releases.atom'), 'https://example.org/feeds/releases.atom').entries;
    expect(entries.map((e) => e.url)).toEqual([
      'https://example.org/treaty/releases/v3.8.5',
      'https://example.org/treaty/releases/v3.8.4',
      'https://example.org/explainers/2024/summary?lang=en',
    ]);
    expect(entries.map((e) => e.id)).toEqual(['urn:example:treaty:v3.8.5', 'urn:example:treaty:v3.8.4', 'urn:example:treaty:summary']);
  });

  it('resolves an RSS item link against its xml:base, and leaves links without bases to the feed URL', () => {
    const rss = `<rss version="2.0" xml:base="https://cdn.example/news/"><channel><title>C</title>
      <item xml:base="2024/"><title>A</title><link>a.html</link><guid>a</guid></item>
      <item><title>B</title><link>/b.html</link></item></channel></rss>`;
    expect(parseFeedEntries(rss, 'https://example.org/feed').entries.map((e) => e.url)).toEqual(['https://cdn.example/news/2024/a.html', 'https://cdn.example/b.html']);
    const plain = '<rss version="2.0"><channel><title>C</title><item><title>B</title><link>b.html</link></item></channel></rss>';
    expect(parseFeedEntries(plain, 'https://example.org/feeds/x.rss').entries[0]!.url).toBe('https://example.org/feeds/b.html');
  });

  it('reads Atom 0.3 (issued, modified, escaped HTML titles)', () => {
    const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title><link rel="alternate" type="text/html" href="https://old.example/"/>
      <entry><title type="text/html" mode="escaped">Envoys &lt;em&gt;meet&lt;/em&gt;</title><link rel="alternate" type="text/html" href="https://old.example/1"/>
      <id>tag:old.example,2004:1</id><issued>2024-03-05T10:00:00Z</issued><modified>2024-03-06T10:00:00Z</modified></entry></feed>`;
    expect(parseFeedEntries(atom03, 'https://old.example/atom.xml').entries).toEqual([
      { title: 'Envoys <em>meet</em>', url: 'https://old.example/1', id: 'tag:old.example,2004:1', summaryHtml: '', dates: ['2024-03-05T10:00:00Z', '2024-03-06T10:00:00Z'] },
    ]);
  });

  it('names a JSON parse error on one line, without the terminal escapes the document carried', () => {
    // V8 quotes the document around an unexpected character: here, the escapes themselves.
    const error = refusal('{"version": "https://jsonfeed.org/version/1.1", "title": \u001b]8;;https://evil.example/\u0007Daily\u001b[2J\u001b[31m, "items": []}');
    expect(error.message).toMatch(/^not a feed: invalid JSON \(Unexpected token/);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('reads the first entries of a feed over the cap, and says how many it lists', () => {
    const items = Array.from({ length: 7 }, (_, i) => `<item><title>T${i}</title><link>https://e.example/${i}</link><description><![CDATA[<p>an <item> in text</p>]]></description></item>`).join('');
    const parsed = parseFeedEntries(`<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>${items}</channel></rss>`, 'https://e.example/feed', 3);
    expect(parsed.total).toBe(7);
    expect(parsed.entries.map((e) => e.title)).toEqual(['T0', 'T1', 'T2']);
    const entries = Array.from({ length: 4 }, (_, i) => `<entry><title>E${i}</title><link href="https://e.example/${i}"/><id>${i}</id><updated>2024-03-05T10:00:00Z</updated></entry>`).join('');
    const atom = parseFeedEntries(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>${entries}</feed>`, 'https://e.example/atom', 2);
    expect([atom.total, atom.entries.length]).toEqual([4, 2]);
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: Array.from({ length: 5 }, (_, i) => ({ id: String(i), url: `https://e.example/${i}`, title: `J${i}` })) });
    expect(parseFeedEntries(json, 'https://e.example/json', 2)).toMatchObject({ total: 5, entries: [{ title: 'J0' }, { title: 'J1' }] });
  });

  it('splits a feed into small documents only where an entry starts, outside CDATA, each closed again', () => {
    const text = '<rss><channel><title>C</title><item>1</item><item>2<![CDATA[<item>]]></item><item>3</item></channel></rss>';
    const documents = (max: number, batch: number) => {
      const split = entryDocuments(text, { root: 'rss', prefix: '' }, max, batch);
      return { total: split.total, documents: [...split.documents] };
    };
    expect(documents(2, 10)).toEqual({ total: 3, documents: ['<rss><channel><title>C</title><item>1</item><item>2<![CDATA[<item>]]></item></channel></rss>'] });
    expect(documents(10, 10)).toEqual({ total: 3, documents: [text] });
    expect(documents(10, 2)).toEqual({
      total: 3,
      documents: ['<rss><channel><title>C</title><item>1</item><item>2<![CDATA[<item>]]></item></channel></rss>', '<rss><channel><title>C</title><item>3</item></channel></rss>'],
    });
    // An Atom feed closes with its root, under whatever prefix it has.
    expect([...entryDocuments('<a:feed xmlns:a="x"><a:entry>1</a:entry><a:entry>2</a:entry></a:feed>', { root: 'feed', prefix: 'a' }, 1, 10).documents]).toEqual([
      '<a:feed xmlns:a="x"><a:entry>1</a:entry></a:feed>',
    ]);
    // Elements of other vocabularies named item are no entries; RSS 1.0 items under a declared prefix are.
    expect(entryDocuments('<rss><channel><item><media:item/></item><item><x:item/></item></channel></rss>', { root: 'rss', prefix: '' }, 10, 10).total).toBe(2);
    const rdf = '<rdf:RDF xmlns:r="http://purl.org/rss/1.0/"><r:channel/><r:item>1</r:item><r:item>2</r:item></rdf:RDF>';
    expect(entryDocuments(rdf, { root: 'RDF', prefix: 'rdf' }, 10, 10).total).toBe(2);
  });

  it('reads a feed in batches exactly as it reads it whole', () => {
    const items = Array.from({ length: 4_500 }, (_, i) => `<item><title>Update ${i}</title><link>u/${i}</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>`).join('\n');
    const parsed = parseFeedEntries(`<?xml version="1.0"?><rss version="2.0" xml:base="https://b.example/"><channel><title>C</title>${items}</channel></rss>`, 'https://e.example/feed');
    expect(parsed.total).toBe(4_500);
    expect(parsed.entries.map((e) => e.title)).toEqual(Array.from({ length: 4_500 }, (_, i) => `Update ${i}`));
    expect(parsed.entries[4_499]!.url).toBe('https://b.example/u/4499');
  });
});

describe('impossible dates', () => {
  it.each([
    ['Fri, 30 Feb 2024 10:00:00 GMT'],
    ['2024-03-10T25:61:00Z'],
    ['2024-02-30'],
    ['February 30, 2024'],
    ['31 April 2024 09:00'],
    ['Tue, 05 Mar 2024 24:00:00 GMT'],
    ['2024-03-05T10:00:00+25:00'],
  ])('%s is never rolled into another day', (text) => {
    expect(parseEntryDate(text, 'UTC')).toBe(IMPOSSIBLE);
  });

  it('leaves an entry with only an impossible date undated, uses its other date when it has one, and names both', () => {
    const week = { label: '2024-W10', start: '2024-03-04', end: '2024-03-10', publishDate: '2024-03-08' };
    const raw = [
      { title: 'Leap-year summit', url: 'https://c.example/1', summary: '', dates: ['Fri, 30 Feb 2024 10:00:00 GMT'] },
      { title: 'Observers report', url: 'https://c.example/2', summary: '', dates: ['Sat, 32 Mar 2024 10:00:00 GMT', '2024-03-06T10:00:00Z'] },
      { title: 'No date at all', url: 'https://c.example/3', summary: '', dates: [] },
    ];
    const read = readEntries(raw, { index: 0, outlet: 'C', kind: 'news' }, week, 'UTC');
    expect(read.inWeek.map((e) => [e.title, e.day])).toEqual([['Observers report', '2024-03-06']]);
    expect(read.undated).toBe(2);
    const source = { index: 0, type: 'feed' as const, outlet: 'C', url: 'https://c.example/feed', kind: 'news' as const, include: [], exclude: [] };
    const notes = entryNotes(source, { status: 'fetched', entries: raw, total: 3, stale: false }, read);
    expect(notes).toEqual([
      'entry "Leap-year summit" (https://c.example/1) has an impossible date "Fri, 30 Feb 2024 10:00:00 GMT": left out as undated, never moved to the next day or month',
      'entry "Observers report" (https://c.example/2) has an impossible date "Sat, 32 Mar 2024 10:00:00 GMT": dated by its other date instead, never moved to the next day or month',
      '1 of 3 entries have no date that can be read and were left out (the feed gives none; ask its publisher, or follow a listing page instead)',
    ]);
  });
});
