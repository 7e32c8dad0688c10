import type { AnyNode, Element } from 'domhandler';

/**
 * The elements the metadata readers look at, collected in one walk of the page: CSS selectors
 * over a large page cost more than the rest of the extraction, so the readers filter these
 * lists with plain predicates instead.
 */
export interface PageIndex {
  /** Elements by tag name, in document order: h1, time, img, a, article, main, meta, link, base, title, script. */
  byTag: Map<string, Element[]>;
  /** Elements by each word of their itemprop. */
  byItemprop: Map<string, Element[]>;
  /** Elements by each word of their label (`labelOf`: "pb-byline" and "articleByline" give "byline"), for words of bylines and datelines. */
  byClassWord: Map<string, Element[]>;
  /** Each indexed element's position in the document, to merge lists in reading order. */
  order: Map<Element, number>;
}

// Class and id words that the byline and dateline readers look up (byline.ts, published-date.ts).
const INDEXED_WORDS = /by|author|writer|contributor|date|publish|timestamp|meta|posted/i;
const TAGS = new Set(['h1', 'time', 'img', 'a', 'article', 'main', 'meta', 'link', 'base', 'title', 'script', 'body']);

export function indexPage(root: AnyNode | undefined): PageIndex {
  const index: PageIndex = { byTag: new Map(), byItemprop: new Map(), byClassWord: new Map(), order: new Map() };
  const add = (map: Map<string, Element[]>, key: string, element: Element) => {
    const list = map.get(key);
    if (list) {
      if (list.at(-1) !== element) list.push(element);
    } else map.set(key, [element]);
  };
  // Depth-first in document order, without recursion: a page may nest thousands of levels deep.
  const work: AnyNode[] = root && 'children' in root ? [...root.children].reverse() : [];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node.type === 'script' && node.name === 'script') add(index.byTag, 'script', node);
    if (node.type !== 'tag') continue;
    index.order.set(node, index.order.size);
    if (TAGS.has(node.name)) add(index.byTag, node.name, node);
    // An AMP page's pictures are <amp-img>s.
    else if (node.name === 'amp-img') add(index.byTag, 'img', node);
    const { itemprop } = node.attribs;
    const label = labelOf(node);
    if (itemprop) for (const word of itemprop.toLowerCase().split(/\s+/)) if (word) add(index.byItemprop, word, node);
    // Only the words the readers look up are indexed; most class names contain none of them.
    if (label && INDEXED_WORDS.test(label)) for (const word of elementWords(node)) add(index.byClassWord, word, node);
    for (let i = node.children.length - 1; i >= 0; i--) work.push(node.children[i]!);
  }
  return index;
}

/** The elements listed under any of the keys, once each, in document order. */
export function inOrder(index: PageIndex, map: Map<string, Element[]>, keys: readonly string[]): Element[] {
  const found = new Set<Element>();
  for (const key of keys) for (const element of map.get(key) ?? []) found.add(element);
  return [...found].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}

const wordsOf = new WeakMap<Element, string[]>();

/** The words of an element's class and id, computed once per element. */
function elementWords(element: Element): string[] {
  let words = wordsOf.get(element);
  if (!words) {
    const label = labelOf(element);
    words = label ? classWords(label) : [];
    wordsOf.set(element, words);
  }
  return words;
}

/**
 * What an element says it is: its class and id, and the test and component names that
 * React-built sites put where others put classes (`data-testid="byline-contributors"`).
 */
export function labelOf(element: Element): string {
  const { class: classes, id, 'data-testid': testId, 'data-component': component, 'data-qa': qa } = element.attribs;
  if (!classes && !id && !testId && !component && !qa) return '';
  return [classes, id, testId, component, qa].filter(Boolean).join(' ');
}

/** The words of a class or id attribute: split at spaces, dashes, underscores and camelCase humps. */
export function classWords(label: string): string[] {
  return label
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when the element or one of its ancestors passes the test. */
export function withinMatching(element: Element, test: (ancestor: Element) => boolean): boolean {
  for (let node: Element | null = element; node && node.type === 'tag'; node = node.parent as Element | null) if (test(node)) return true;
  return false;
}

export function isInside(element: Element, container: AnyNode): boolean {
  for (let node: AnyNode | null = element; node; node = node.parent) if (node === container) return true;
  return false;
}

// Parts of a page that are not its article: navigation, comments, related stories, promotions.
const ELSEWHERE_TAGS = new Set(['nav', 'footer', 'aside']);
const ELSEWHERE_WORDS = new Set(['comment', 'comments', 'related', 'recirc', 'recirculation', 'promo', 'advert', 'advertisement', 'sidebar', 'rail', 'popular', 'trending', 'newsletter', 'footer', 'nav', 'navigation', 'menu']);

/** In navigation, a footer, an aside, comments, related stories or promotions. */
export function isElsewhere(element: Element): boolean {
  return withinMatching(element, (node) => ELSEWHERE_TAGS.has(node.name) || hasClassWord(node, ELSEWHERE_WORDS));
}

export function hasClassWord(element: Element, words: ReadonlySet<string>): boolean {
  return elementWords(element).some((word) => words.has(word));
}

/** Text of an element with a space at each tag, so that "<span>Ana Ruiz</span><span>Reporter</span>" reads as two words. */
export function spacedTextOf(element: AnyNode): string {
  let text = '';
  const work: Array<AnyNode | ' '> = [element];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node === ' ') text += ' ';
    else if (node.type === 'text') text += node.data;
    else if (node.type === 'tag') work.push(' ', ...[...node.children].reverse(), ' ');
  }
  return text;
}

/** Text of an element, whitespace as in the page. */
export function textOf(element: AnyNode): string {
  let text = '';
  const work: AnyNode[] = [element];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node.type === 'text') text += node.data;
    else if (node.type === 'tag' || node.type === 'script') for (let i = node.children.length - 1; i >= 0; i--) work.push(node.children[i]!);
  }
  return text;
}
