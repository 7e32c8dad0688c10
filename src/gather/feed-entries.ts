import { decodeHTML } from 'entities';
import type { AtomFeed, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';
import { escapeHtml } from '../scrape/plain-text.js';
import type { RawEntry } from './entry.js';

/** An entry's link made absolute (by its xml:base, else the feed's address); undefined for none or anything but http(s). */
export type ResolveLink = (link: string | undefined) => string | undefined;

/** An RSS item's link: its <link>, else an Atom alternate link it carries, else its guid when that is a permalink. */
export function rssEntry(item: RssFeed.Item<string>, resolve: ResolveLink): RawEntry {
  const guid = item.guid?.value?.trim();
  const permalink = guid && item.guid!.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : undefined;
  const atomLink = alternateLink(item.atom?.links?.filter((l) => !l.rel || l.rel === 'alternate') ?? []);
  return entry(item.title, resolve(item.link ?? atomLink?.href ?? permalink), guid, item.description ?? item.content?.encoded, [
    item.pubDate,
    ...(item.dc?.dates ?? []),
    ...(item.dcterms?.issued ?? []),
    ...(item.dcterms?.created ?? []),
    item.atom?.published,
    item.atom?.updated,
    ...(item.dcterms?.modified ?? []),
  ]);
}

export function rdfEntry(item: RdfFeed.Item<string>, resolve: ResolveLink): RawEntry {
  return entry(item.title, resolve(item.link), item.rdf?.about, item.description ?? item.content?.encoded, [...(item.dc?.dates ?? []), ...(item.dcterms?.issued ?? [])]);
}

/**
 * An Atom entry: its alternate link (a web page's before another feed's), else its first link;
 * an entry with no link at all is linked by its id when that is an http(s) address, as readers
 * take it for the entry's permalink.
 */
export function atomEntry(item: AtomFeed.Entry<string>, resolve: ResolveLink, naked: ReadonlySet<string>): RawEntry {
  const links = item.links ?? [];
  const link = alternateLink(links.filter((l) => !l.rel || l.rel === 'alternate')) ?? links[0];
  const href = link?.href ?? (item.id && /^https?:\/\//i.test(item.id.trim()) ? item.id : undefined);
  const summary = atomText(item.summary, naked) ?? item.content?.value;
  return entry(atomText(item.title, naked), resolve(href), item.id, summary, [item.published, ...(item.dc?.dates ?? []), item.updated]);
}

export function jsonEntry(item: JsonFeed.Item<string>, resolve: ResolveLink): RawEntry {
  const summary = item.summary ? escapeHtml(item.summary) : (item.content_html ?? (item.content_text ? escapeHtml(item.content_text) : undefined));
  return entry(item.title ? escapeHtml(item.title) : undefined, resolve(item.url ?? item.external_url), item.id, summary, [item.date_published, item.date_modified]);
}

/** Of alternate links, the first to a web page (no type, or an HTML one), else the first. */
function alternateLink<T extends { type?: string }>(alternates: T[]): T | undefined {
  return alternates.find((l) => !l.type || /^(text\/html|application\/xhtml\+xml)\b/i.test(l.type)) ?? alternates[0];
}

function entry(title: string | undefined, url: string | undefined, id: unknown, summaryHtml: string | undefined, dates: Array<string | undefined>): RawEntry {
  const key = typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
  return {
    title: title ?? '',
    url: url ?? '',
    ...(key ? { id: key } : {}),
    summaryHtml: summaryHtml ?? '',
    dates: dates.filter((d): d is string => typeof d === 'string' && d.trim() !== ''),
  };
}

const MARKUP_TYPE = /^(html|xhtml|text\/html|application\/xhtml\+xml)$/i;

/**
 * An Atom text construct (and Atom 0.3's MIME types) as HTML: plain text is escaped so every
 * title and summary downstream is HTML, unless its element holds elements rather than text.
 */
function atomText(value: { value?: string; type?: string } | undefined, naked: ReadonlySet<string>): string | undefined {
  if (!value?.value) return undefined;
  if (MARKUP_TYPE.test(value.type ?? '') || (value.value.includes('<') && naked.has(value.value))) return value.value;
  return escapeHtml(value.value);
}


/**
 * The Atom titles and summaries of a document written as elements ("naked" markup: Atom 0.3's
 * default mode is inline XML, and readers render a type="text" title's elements as markup), by
 * their content as the feed parser gives it (entities decoded, trimmed). The parser gives the
 * same string for `<p>` and `&lt;p&gt;`; only the document tells them apart. One pass.
 */
export function nakedMarkup(document: string): Set<string> {
  const found = new Set<string>();
  // A text construct whose content starts with an element: <title><b>…</b></title>.
  const opening = /<((?:[\w.-]+:)?(?:title|summary))(\s[^>]*)?>(?=\s*<[A-Za-z])/g;
  for (let match = opening.exec(document); match; match = opening.exec(document)) {
    if (/\btype\s*=\s*["'](?!text["']|text\/plain["'])/i.test(match[2] ?? '')) continue;
    const end = document.indexOf(`</${match[1]}`, opening.lastIndex);
    if (end < 0) break;
    found.add(decodeHTML(document.slice(opening.lastIndex, end).trim()));
    opening.lastIndex = end;
  }
  return found;
}
