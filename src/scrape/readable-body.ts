import { Readability } from '@mozilla/readability';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { escapeAttribute, escapeText } from 'entities';
import { DOMParser } from 'linkedom';
import { labelOf, textOf } from './page-index.js';

/** The few DOM members read from Readability's result (linkedom nodes). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

export interface ReadableBody {
  /** The article's content element, as Readability cleaned it. */
  content: DomNode;
  /** A byline Readability found in the page, as written ("By Ana Ruiz • 8h"). */
  byline?: string;
}

// Never part of an article's text, so never worth a DOM node: code, media, forms, page furniture.
const DROPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'picture', 'img', 'source', 'track',
  'map', 'form', 'button', 'input', 'select', 'textarea', 'option', 'nav', 'footer', 'aside', 'figure', 'figcaption', 'dialog', 'link', 'meta', 'head', 'title',
]);
const DROPPED_ROLES = /^(navigation|contentinfo|complementary|dialog|alertdialog|search|menu|menubar|toolbar|banner)$/i;
// Blocks that are not the article wherever they stand: sharing, sign-ups, ads, partner offers, feedback, recirculation.
const NOT_ARTICLE =
  /^(share|sharing|shares|social|newsletter|newsletters|subscribe|subscription|signup|sign|promo|promotion|advert|advertisement|ad|ads|adslot|adunit|dfp|sponsor|sponsored|partner|partners|offer|offers|commerce|affiliate|feedback|survey|poll|comment|comments|disqus|outbrain|taboola|recirc|recirculation|related|readmore|popular|trending|cookie|cookies|consent|gdpr|paywall|modal|popup|toolbar|breadcrumb|breadcrumbs|tags|bio|widget|rail|sidebar|skip|jump|references|reflist|footnotes|endnotes|citations|bibliography|navbox|infobox|hatnote|catlinks|toc|editsection|noprint|metadata|standfirst|dek|deck|strapline|kicker|eyebrow|pullquote|pullout|lightbox|gallery|caption|credit|credits)$/;
// A pull quote repeats the article's own words in large type ("pull-quote", "pull_quote", "pullQuote").
const PULL_QUOTE = /pull[-_ ]?quote|pull[-_ ]?out|quote[-_ ]?pull/i;
// Text only screen readers get: "Advertisement", "Share on …", "Opens in a new window".
const SCREEN_READER_ONLY = /(^|\s)(sr-only|visually-hidden|visuallyhidden|screen-reader-text|screen-reader-only|a11y-hidden|offscreen)(\s|$)/i;
const KEPT_ATTRIBUTES = new Set(['class', 'id', 'href', 'rel', 'itemprop', 'itemscope', 'itemtype', 'datetime', 'lang', 'dir']);
const VOID = new Set(['br', 'hr', 'wbr', 'area', 'base', 'col']);
const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'br', 'script', 'style', 'noscript', 'template', 'iframe', 'figcaption', 'svg', 'img', 'picture', 'video', 'audio', 'button', 'input', 'select', 'textarea']);
const CONTAINERS = new Set(['body', 'html', 'article', 'main']);
// Real pages nest a few dozen levels deep; beyond this, wrappers are dropped and their text kept.
const MAX_DEPTH = 150;
const INLINE = new Set(['a', 'abbr', 'b', 'cite', 'code', 'em', 'i', 'q', 's', 'small', 'strong', 'sub', 'sup', 'time', 'u', 'mark', 'font']);

/**
 * The article body by Mozilla Readability on a linkedom DOM. The page is first reduced to what
 * can be article text (no scripts, media, forms, navigation, hidden or promotional blocks, and
 * only the attributes Readability reads), which keeps the DOM small and the result clean.
 * Undefined when Readability finds no article.
 */
export function readableBody(body: ParentNode): ReadableBody | undefined {
  const html = `<!doctype html><html><head></head><body>${readingHtml(body.children)}</body></html>`;
  const document = new DOMParser().parseFromString(html, 'text/html');
  try {
    // Typed for the browser's Document; linkedom's serves it.
    const result = new Readability(document as never, { serializer: (node) => node as unknown as DomNode, disableJSONLD: true }).parse();
    if (!result?.content) return undefined;
    return { content: result.content, ...(result.byline ? { byline: result.byline } : {}) };
  } catch {
    // Readability gives up on some malformed trees; the page's metadata still counts.
    return undefined;
  }
}

/**
 * The nodes as HTML, minus everything that cannot be article text. Iterative, and wrappers nested
 * deeper than any article needs are left out (their text kept), so a hostile page cannot exhaust
 * the stack here or in Readability.
 */
export function readingHtml(nodes: readonly AnyNode[]): string {
  const out: string[] = [];
  // Nodes still to write, and the closing tags of those opened; the next one is last.
  const work: Array<{ node: AnyNode; depth: number } | string> = nodes.map((node) => ({ node, depth: 0 })).reverse();
  while (work.length > 0) {
    const step = work.pop()!;
    if (typeof step === 'string') {
      out.push(step);
      continue;
    }
    const { node, depth } = step;
    // Indentation between blocks is a third of a page's nodes and no part of its text.
    if (node.type === 'text' && !(isBlank(node.data) && !besideInline(node))) out.push(escapeText(node.data));
    if (node.type !== 'tag' || !isReadable(node)) continue;
    if (depth <= MAX_DEPTH) {
      let open = `<${node.name}`;
      for (const [name, value] of Object.entries(node.attribs)) if (KEPT_ATTRIBUTES.has(name)) open += ` ${name}="${escapeAttribute(value)}"`;
      out.push(`${open}>`);
      if (VOID.has(node.name)) continue;
      work.push(`</${node.name}>`);
    }
    for (let i = node.children.length - 1; i >= 0; i--) work.push({ node: node.children[i]!, depth: depth + 1 });
  }
  return out.join('');
}

function isBlank(text: string): boolean {
  return !/\S/.test(text);
}

/** Whether a text node touches inline content, where even a space separates two words. */
function besideInline(node: AnyNode): boolean {
  const inline = (sibling: AnyNode | null) => sibling !== null && (sibling.type === 'text' || (sibling.type === 'tag' && !BLOCK.has(sibling.name)));
  return inline(node.prev) && inline(node.next);
}

function isReadable(element: Element): boolean {
  const { name, attribs } = element;
  // A footnote marker ("[12]") says nothing once the notes are gone.
  if (name === 'sup' && isFootnoteMarker(element)) return false;
  if (DROPPED_TAGS.has(name) || name.includes('-ad') || 'hidden' in attribs || attribs['aria-hidden'] === 'true') return false;
  if (attribs.role && DROPPED_ROLES.test(attribs.role)) return false;
  if (attribs.style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attribs.style)) return false;
  const label = labelOf(element);
  // Words inside a sentence stay whatever their class says ("popup" notes, "share" links in a paragraph).
  if (!label.trim() || CONTAINERS.has(name) || INLINE.has(name)) return true;
  if (SCREEN_READER_ONLY.test(label) || PULL_QUOTE.test(label)) return false;
  const promotional = label
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    // A class that says what a block lacks or has ("no_caption", "has-sidebar") does not say what it is.
    .replace(/(^|[\s_-])(no|not|has|with|without)[-_][a-z]+/g, ' ')
    .split(/[\s_-]+/)
    .some((part) => NOT_ARTICLE.test(part) || NOT_ARTICLE.test(part.replace(/s$/, '')));
  // A wrapper whose class merely mentions sharing but holds the story keeps it.
  return !promotional || paragraphCount(element, 3) >= 3;
}

function isFootnoteMarker(sup: Element): boolean {
  const link = sup.children.find((child): child is Element => child.type === 'tag' && child.name === 'a');
  return link !== undefined && (link.attribs.href ?? '').startsWith('#') && textLength(sup) < 8;
}

function textLength(element: Element): number {
  return textOf(element).trim().length;
}

function paragraphCount(element: Element, enough: number): number {
  let count = 0;
  const visit = (nodes: readonly AnyNode[]) => {
    for (const node of nodes) {
      if (count >= enough || node.type !== 'tag') continue;
      if (node.name === 'p') count++;
      else visit(node.children);
    }
  };
  visit(element.children);
  return count;
}
