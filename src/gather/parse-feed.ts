import { XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed, parseFeed, ParseError, parseRdfFeed, parseRssFeed, type AnyFeed } from 'feedsmith';
import { absoluteHttpUrl } from './absolute-url.js';
import type { RawEntry } from './entry.js';
import { asReadersReadIt, entryDocuments, MAX_ENTRIES, sniffDocument, type DocumentKind } from './feed-document.js';
import { atomEntry, jsonEntry, nakedMarkup, rdfEntry, rssEntry } from './feed-entries.js';
import { notAFeedButPage } from './html-instead-of-feed.js';
import { SourceError } from './source-error.js';
import { entryLinks } from './xml-base.js';

/** A source's entries, and how many it lists (more than were read when it lists over the cap). */
export interface ParsedEntries {
  entries: RawEntry[];
  total: number;
}

/**
 * Reads the entries of an RSS (0.9x, 1.0, 2.0), Atom (0.3, 1.0) or JSON Feed document: title,
 * link (absolute, honouring xml:base), id, summary HTML as given, and the date strings in order
 * of preference; the first `max` entries of a longer one. Lenient with small defects real feeds
 * have; a document that is no feed at all (an HTML page, however it starts) is a SourceError.
 */
export function parseFeedEntries(text: string, feedUrl: string, max = MAX_ENTRIES): ParsedEntries {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  const kind = sniffDocument(body);
  if (kind.type === 'html') throw notAFeedButPage(body, feedUrl);
  try {
    if (kind.type === 'json') {
      const json = parseJson(body);
      const total = Array.isArray(json.items) ? json.items.length : 0;
      if (total > max) json.items = (json.items as unknown[]).slice(0, max);
      const entries = readEntries(parseFeed<string>(json), body, feedUrl);
      return { entries, total: total > max ? total : entries.length };
    }
    // Text before the root: one document, as the parser makes of it.
    const { documents, total } = kind.type === 'xml' ? entryDocuments(body, kind, max, BATCH) : { documents: [body], total: 0 };
    const entries: RawEntry[] = [];
    for (const whole of documents) {
      const document = kind.type === 'xml' ? asReadersReadIt(whole, kind.root) : whole;
      const parsed = parseFeedDocument(document, kind);
      if (parsed) for (const entry of readEntries(parsed, document, feedUrl)) entries.push(entry);
    }
    // Only a feed over the cap lists more than was read; entries the parser drops (an empty <item/>) are no loss to report.
    return { entries, total: total > max ? total : entries.length };
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw notReadable(body);
  }
}

/**
 * A feed document as the parser reads it, by the root element it has (the parser's own guess
 * looks for `<rss` anywhere, and takes an Atom feed quoting RSS in a CDATA section for RSS);
 * undefined for a feed with nothing in it the parser keeps (a channel whose items hold only
 * elements it does not read): no entries, which is not "no feed".
 */
function parseFeedDocument(document: string, kind: DocumentKind): AnyFeed<string> | undefined {
  const root = kind.type === 'xml' ? kind.root.toLowerCase() : '';
  try {
    if (root === 'rss') return { format: 'rss', feed: parseRssFeed<string>(document) };
    if (root === 'feed') return { format: 'atom', feed: parseAtomFeed<string>(document) };
    if (root === 'rdf') return { format: 'rdf', feed: parseRdfFeed<string>(document) };
    return parseFeed<string>(document);
  } catch (error) {
    if (error instanceof ParseError) return undefined;
    throw error;
  }
}

// Entries parsed at once: the parser's tree of a few thousand entries is a few megabytes.
const BATCH = 2_000;

type Resolve = (index: number, link: string | undefined) => string | undefined;

function readEntries(parsed: AnyFeed<string>, document: string, feedUrl: string): RawEntry[] {
  const items: unknown[] = parsed.format === 'atom' ? (parsed.feed.entries ?? []) : (parsed.feed.items ?? []);
  const resolve = linkResolver(parsed.format === 'json' ? undefined : entryLinks(document, feedUrl), items.length, feedUrl);
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map((item, i) => rssEntry(item, (link) => resolve(i, link)));
    case 'rdf':
      return (parsed.feed.items ?? []).map((item, i) => rdfEntry(item, (link) => resolve(i, link)));
    case 'atom': {
      const naked = nakedMarkup(document);
      return (parsed.feed.entries ?? []).map((entry, i) => atomEntry(entry, (link) => resolve(i, link), naked));
    }
    case 'json':
      return (parsed.feed.items ?? []).map((item, i) => jsonEntry(item, (link) => resolve(i, link)));
  }
}

/**
 * Absolute http(s) links: by the xml:base of the entry's own position when the document has
 * bases (and the parser kept every entry, so positions agree), else against the document URL.
 */
function linkResolver(bases: ReturnType<typeof entryLinks>, count: number, feedUrl: string): Resolve {
  if (!bases) return (_i, link) => absoluteHttpUrl(link, feedUrl);
  const aligned = bases.length === count;
  const anywhere = new Map<string, string>();
  for (const entry of bases) for (const [raw, absolute] of entry.resolved) if (!anywhere.has(raw)) anywhere.set(raw, absolute);
  return (i, link) => {
    const raw = link?.trim();
    if (!raw) return undefined;
    const entry = aligned ? bases[i] : undefined;
    const absolute = entry ? (entry.resolved.get(raw) ?? raw) : (anywhere.get(raw) ?? raw);
    return absoluteHttpUrl(absolute, entry?.base ?? feedUrl);
  };
}

const JSON_FEED_HINT = 'Check the address; a JSON Feed starts with {"version": "https://jsonfeed.org/version/1.1", …}.';

function parseJson(body: string): { items?: unknown } {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as { items?: unknown };
  } catch (error) {
    // The parser's message quotes the document: SourceError keeps it to one printable line.
    throw new SourceError(`not a feed: invalid JSON (${(error as Error).message.slice(0, 200)})`, JSON_FEED_HINT);
  }
  throw notJsonFeed();
}

function notJsonFeed(): SourceError {
  return new SourceError('not a feed: JSON, but not a JSON Feed', JSON_FEED_HINT);
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
  if (body.startsWith('{') || body.startsWith('[')) return notJsonFeed();
  return new SourceError('not a feed (neither XML nor JSON Feed)', 'Check the address: it should be the RSS, Atom or JSON feed itself.');
}
