/**
 * Entries read from one document at most: a feed at the config's largest size (100 MB) lists
 * hundreds of thousands, and parsing them all would take minutes and gigabytes.
 */
export const MAX_ENTRIES = 50_000;

/** What a fetched document is, by its first element, before any parser sees it. */
export type DocumentKind = { type: 'json' } | { type: 'html' } | { type: 'xml'; root: string; prefix: string } | { type: 'other' };

// Elements a page can open with (an HTML parser accepts any of them first); no feed's root is one.
const HTML_ELEMENTS = new Set(
  ('html head body title meta link base script style noscript template div span p a b i u em strong small br hr img picture ' +
    'header footer nav main section article aside h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table tr td th form input button ' +
    'label select textarea iframe frameset frame center font pre code blockquote figure video audio canvas object embed').split(' '),
);
const PROLOG_PART = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)/;
const DOCTYPE = /^<!doctype\s+([^\s>[]+)(?:[^>[]|\[[\s\S]*?\])*>/i;
const FIRST_TAG = /<([A-Za-z_][\w.:-]*)/;

/**
 * Sniffs a document: JSON, an HTML page (an HTML doctype, or a first element only HTML has,
 * however much whitespace, comments, processing instructions or stray text come first), or XML
 * with its root element's local name ("rss", "RDF", "feed") and prefix ("rdf", or none).
 */
export function sniffDocument(text: string): DocumentKind {
  let rest = text.replace(/^\uFEFF/, '');
  for (let match = PROLOG_PART.exec(rest); match; match = PROLOG_PART.exec(rest)) rest = rest.slice(match[0].length);
  if (/^[{[]/.test(rest)) return { type: 'json' };
  const doctype = DOCTYPE.exec(rest);
  if (doctype) {
    if (doctype[1]!.toLowerCase() === 'html') return { type: 'html' };
    rest = rest.slice(doctype[0].length);
  }
  const tag = FIRST_TAG.exec(rest.slice(0, 65_536));
  if (!tag) return { type: 'other' };
  const local = localName(tag[1]!);
  if (HTML_ELEMENTS.has(local.toLowerCase()) && !/^(rss|rdf|feed)$/i.test(local)) return { type: 'html' };
  // Text before the root is not XML; a parser may still make sense of it.
  return tag.index === 0 ? { type: 'xml', root: local, prefix: tag[1]!.slice(0, -local.length - 1) } : { type: 'other' };
}

export interface EntryDocuments {
  /** Entries the whole document lists. */
  total: number;
  /** Small documents of at most `batch` entries each, the feed's head repeated in each, up to `max` entries in all. */
  documents: Iterable<string>;
}

/**
 * A feed as a series of small documents of `batch` entries (items in RSS and RDF, entries in
 * Atom), each with the feed's head and closed again, and no more than `max` entries in all: a
 * parser then never holds more than `batch` entries' tree at once, and a huge feed costs no
 * more than `max` entries. A document of at most `batch` entries is itself. Entries are
 * counted where they start as elements, never inside a CDATA section or a comment; one pass.
 */
export function entryDocuments(text: string, root: { root: string; prefix: string }, max: number, batch: number): EntryDocuments {
  const element = /^feed$/i.test(root.root) ? 'entry' : 'item';
  // The feed's own entries: unprefixed, or under the prefix of the feed's namespace (never <media:item> and the like).
  const prefixes = [root.prefix, /xmlns:([\w.-]+)=["']http:\/\/purl\.org\/rss\/1\.0\/?["']/.exec(text.slice(0, 65_536))?.[1]].filter(Boolean);
  const qualified = prefixes.length ? `(?:(?:${prefixes.map((p) => p!.replace(/[.]/g, '\\.')).join('|')}):)?` : '';
  const tokens = new RegExp(`<!\\[CDATA\\[|<!--|<${qualified}${element}[\\s>/]`, 'g');
  const starts: number[] = [];
  let total = 0;
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    const close = match[0] === '<![CDATA[' ? ']]>' : match[0] === '<!--' ? '-->' : undefined;
    if (close) {
      const end = text.indexOf(close, tokens.lastIndex);
      if (end < 0) break;
      tokens.lastIndex = end + close.length;
      continue;
    }
    if (++total <= max + 1) starts.push(match.index);
  }
  if (total <= Math.min(batch, max)) return { total, documents: [text] };
  const head = text.slice(0, starts[0]);
  const closing = closingTags(head, root.root);
  const kept = Math.min(total, max);
  function* documents(): Generator<string> {
    for (let i = 0; i < kept; i += batch) {
      // The last batch of a feed read whole keeps the feed's own end.
      const end = i + batch < kept ? starts[i + batch]! : kept < total ? starts[kept]! : text.length;
      yield head + text.slice(starts[i], end) + (end === text.length ? '' : closing);
    }
  }
  return { total, documents: documents() };
}

/** The end tags of the elements still open after a feed's head: a channel (RSS 0.9x/2.0), then the root. */
function closingTags(head: string, root: string): string {
  const names: string[] = [];
  const channel = /<((?:[\w.-]+:)?channel)[\s>]/.exec(head);
  if (channel && !head.includes(`</${channel[1]}`)) names.push(channel[1]!);
  const rootTag = new RegExp(`<((?:[\\w.-]+:)?${root.replace(/[.]/g, '\\.')})[\\s>]`).exec(head);
  names.push(rootTag?.[1] ?? root);
  return names.map((name) => `</${name}>`).join('');
}

function localName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}

/**
 * A feed document as readers read it, before the parser sees it: an RSS 1.0 document without its
 * table of contents, an RSS document whose items stand outside any channel inside one.
 */
export function asReadersReadIt(text: string, root: string): string {
  const name = root.toLowerCase();
  return name === 'rdf' ? withoutTableOfContents(text) : name === 'rss' ? withChannel(text) : text;
}

/**
 * An RSS document whose items stand directly under `<rss>`, with no `<channel>` (a broken
 * generator's), wrapped in one: the parser finds nothing outside a channel, readers list them.
 */
function withChannel(text: string): string {
  // Comments and CDATA sections are skipped: a <channel> or <rss> named in one is none.
  const tokens = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(?:[\w.-]+:)?channel[\s>/]|<((?:[\w.-]+:)?rss)(?:\s[^>]*)?>/g;
  let open: RegExpExecArray | undefined;
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    if (match[0].startsWith('<!')) continue;
    if (match[1] === undefined) return text;
    open ??= match;
  }
  const close = open ? text.lastIndexOf(`</${open[1]}`) : -1;
  if (!open || close < 0) return text;
  const start = open.index + open[0].length;
  return `${text.slice(0, start)}<channel>${text.slice(start, close)}</channel>${text.slice(close)}`;
}

/**
 * An RSS 1.0 document without its channel's table of contents (`<items><rdf:Seq>…`): the parser
 * reads only the items that table lists, and matches them by address with entities decoded on
 * one side only, so an item whose address holds `&amp;`, or that the table leaves out, was lost.
 * Readers take every item the document holds, in document order.
 */
function withoutTableOfContents(text: string): string {
  const firstItem = /<(?:[\w.-]+:)?item[\s>/]/.exec(text);
  const head = firstItem ? text.slice(0, firstItem.index) : text;
  const contents = /<((?:[\w.-]+:)?items)[\s>][\s\S]*?<\/\1\s*>/.exec(head);
  return contents ? text.slice(0, contents.index) + text.slice(contents.index + contents[0].length) : text;
}
