import { XMLValidator } from 'fast-xml-parser';
import { parseFeed, type AnyFeed, type AtomFeed, type JsonFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import { escapeHtml } from '../scrape/plain-text.js';
import { absoluteHttpUrl } from './absolute-url.js';
import type { RawEntry } from './entry.js';
import { SourceError } from './source-error.js';

/**
 * Reads the entries of an RSS (0.9x, 1.0, 2.0), Atom or JSON Feed document: title, link
 * (absolute), summary HTML as given, and the date strings in order of preference. Lenient
 * with small defects real feeds have; a document that is no feed at all is a SourceError.
 */
export function parseFeedEntries(text: string, feedUrl: string): RawEntry[] {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (/^(<!doctype html|<html)/i.test(body)) throw notAFeedButPage(body, feedUrl);
  let parsed: AnyFeed<string>;
  try {
    parsed = parseFeed<string>(body.startsWith('{') ? parseJson(body) : body);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw notReadable(body);
  }
  const resolve = (link: string | undefined) => absoluteHttpUrl(link, feedUrl);
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map((item) => rssEntry(item, resolve));
    case 'rdf':
      return (parsed.feed.items ?? []).map((item) => rdfEntry(item, resolve));
    case 'atom':
      return (parsed.feed.entries ?? []).map((entry) => atomEntry(entry, resolve));
    case 'json':
      return (parsed.feed.items ?? []).map((item) => jsonEntry(item, resolve));
  }
}

type Resolve = (link: string | undefined) => string | undefined;

function rssEntry(item: RssFeed.Item<string>, resolve: Resolve): RawEntry {
  const permalink = item.guid && item.guid.isPermaLink !== false && /^https?:\/\//i.test(item.guid.value ?? '') ? item.guid.value : undefined;
  return entry(item.title, resolve(item.link ?? permalink), item.description ?? item.content?.encoded, [
    item.pubDate,
    ...(item.dc?.dates ?? []),
    ...(item.dcterms?.issued ?? []),
    ...(item.dcterms?.created ?? []),
    item.atom?.published,
    item.atom?.updated,
    ...(item.dcterms?.modified ?? []),
  ]);
}

function rdfEntry(item: RdfFeed.Item<string>, resolve: Resolve): RawEntry {
  return entry(item.title, resolve(item.link), item.description ?? item.content?.encoded, [...(item.dc?.dates ?? []), ...(item.dcterms?.issued ?? [])]);
}

function atomEntry(item: AtomFeed.Entry<string>, resolve: Resolve): RawEntry {
  const links = item.links ?? [];
  const link = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
  return entry(text(item.title), resolve(link?.href), text(item.summary) ?? item.content?.value, [item.published, ...(item.dc?.dates ?? []), item.updated]);
}

function jsonEntry(item: JsonFeed.Item<string>, resolve: Resolve): RawEntry {
  const summary = item.summary ? escapeHtml(item.summary) : (item.content_html ?? (item.content_text ? escapeHtml(item.content_text) : undefined));
  return entry(item.title ? escapeHtml(item.title) : undefined, resolve(item.url ?? item.external_url), summary, [item.date_published, item.date_modified]);
}

function entry(title: string | undefined, url: string | undefined, summaryHtml: string | undefined, dates: Array<string | undefined>): RawEntry {
  return {
    title: title ?? '',
    url: url ?? '',
    summaryHtml: summaryHtml ?? '',
    dates: dates.filter((d): d is string => typeof d === 'string' && d.trim() !== ''),
  };
}

/** Atom text constructs: plain text is escaped so every title and summary downstream is HTML. */
function text(value: { value?: string; type?: string } | undefined): string | undefined {
  if (!value?.value) return undefined;
  return value.type === 'html' || value.type === 'xhtml' ? value.value : escapeHtml(value.value);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new SourceError(`not a feed: invalid JSON (${(error as Error).message})`, 'Check the address; a JSON Feed starts with {"version": "https://jsonfeed.org/version/1.1", …}.');
  }
}

/** Why a document is not a feed: the XML error with its line, or that it is some other document. */
function notReadable(body: string): SourceError {
  if (body.startsWith('<')) {
    const check = XMLValidator.validate(body);
    if (check !== true) {
      return new SourceError(`not a feed: malformed XML at line ${check.err.line}, column ${check.err.col}: ${check.err.msg}`, 'The site publishes a broken feed; tell its owner, or remove the source until it is fixed.');
    }
    return new SourceError('not a feed: XML, but not RSS, Atom or RDF', 'Check the address: it should be the feed itself.');
  }
  return new SourceError('not a feed (neither XML nor JSON Feed)', 'Check the address: it should be the RSS, Atom or JSON feed itself.');
}

/** An HTML page where a feed was expected; says which feed it links to, if any. */
function notAFeedButPage(body: string, pageUrl: string): SourceError {
  const head = body.slice(0, 100_000);
  for (const tag of head.match(/<link\b[^>]*>/gi) ?? []) {
    if (/rel=["']?alternate/i.test(tag) && /type=["']?application\/(rss|atom)\+xml|type=["']?application\/feed\+json/i.test(tag)) {
      const href = /href=["']([^"']+)/i.exec(tag)?.[1];
      const feed = href && absoluteHttpUrl(href.replace(/&amp;/g, '&'), pageUrl);
      if (feed) return new SourceError('not a feed: an HTML page', `The page names its feed: use "url": "${feed}", or "type": "listing" with selectors to read the page itself.`);
    }
  }
  return new SourceError('not a feed: an HTML page', 'Use the address of the RSS, Atom or JSON feed, or "type": "listing" with selectors to read the page itself.');
}
