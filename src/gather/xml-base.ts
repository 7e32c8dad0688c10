import { XMLParser } from 'fast-xml-parser';

/** One entry's links as its document means them: each raw href (as written) to its absolute form. */
export interface EntryLinks {
  /** The entry's own base: the document's URL, refined by every xml:base from the root down. */
  base: string;
  resolved: Map<string, string>;
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

// Entries sit at most this deep: rss > channel > item, rdf:RDF > item, feed > entry.
const ENTRY_DEPTH = 2;

/**
 * The links of every entry (RSS and RDF items, Atom entries), in document order, resolved as
 * RFC 3986 says against their xml:base, which each element inherits from its parent and may
 * refine (feed, then entry, then the link itself). Undefined when the document declares no
 * xml:base: then every link resolves against the document's URL.
 */
export function entryLinks(xml: string, documentUrl: string): EntryLinks[] | undefined {
  if (!xml.includes('xml:base')) return undefined;
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false });
  const found: EntryLinks[] = [];
  const walk = (nodes: Node[], base: string, depth: number) => {
    for (const node of nodes) {
      const name = elementName(node);
      if (!name) continue;
      const here = rebase(base, node[':@']?.['xml:base']);
      const children = node[name] as Node[];
      if (depth > 0 && /^(item|entry)$/.test(localName(name))) found.push({ base: here, resolved: linksOf(children, here) });
      else if (depth <= ENTRY_DEPTH) walk(children, here, depth + 1);
    }
  };
  try {
    walk(parser.parse(xml) as Node[], documentUrl, 0);
  } catch {
    // Not well-formed: the feed parser says so; links resolve against the document's URL.
    return undefined;
  }
  return found;
}

/** An entry's <link> elements (Atom's href, RSS's text) and its <guid>, each resolved against its own base. */
function linksOf(children: Node[], base: string): Map<string, string> {
  const resolved = new Map<string, string>();
  for (const child of children) {
    const name = elementName(child);
    if (!name || !/^(link|guid|id)$/.test(localName(name))) continue;
    const attributes = child[':@'] ?? {};
    const raw = (attributes.href ?? textOf(child[name] as Node[])).trim();
    if (!raw || resolved.has(raw)) continue;
    const absolute = resolve(raw, rebase(base, attributes['xml:base']));
    if (absolute) resolved.set(raw, absolute);
  }
  return resolved;
}

/** A base refined by an xml:base attribute, itself perhaps relative; a base that is no URL changes nothing. */
function rebase(base: string, attribute: string | undefined): string {
  return attribute?.trim() ? (resolve(attribute.trim(), base) ?? base) : base;
}

function resolve(reference: string, base: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    return undefined;
  }
}

function elementName(node: Node): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && !key.startsWith('?') && key !== '#comment');
}

function textOf(children: Node[] | undefined): string {
  return (children ?? []).map((child) => (typeof child['#text'] === 'string' || typeof child['#text'] === 'number' ? String(child['#text']) : '')).join('');
}

function localName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}
