import type { AnyNode, Element } from 'domhandler';
import { labelOf } from './page-index.js';

// What CMSs call the element holding an article's text: WordPress's entry-content, "article-body",
// "story-body", "post-content", "articleBody" and their spellings (the class names trafilatura and
// Mercury look for first).
// A number after the name ("top-story-content-0") marks one of a list of teasers, not the article.
const CONTAINER_LABEL = /(^|[^a-z])(entry|post|article|story|news)[-_]?(content|body|text)(?![-_]?\d)([^a-z]|$)/i;
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'footer', 'aside', 'header']);
// A text this long is a paragraph, not a label or a caption: enough to tell whether a reader kept the container.
const PROBE_LENGTH = 80;
const MAX_CANDIDATES = 20;
// A reader's text this many times longer than the marked container holds more than the article.
const OVERRUN = 1.5;
// Quotes, list items, cells and paragraphs hold comments and answers, never a whole article.
const NOT_CONTAINER = new Set(['blockquote', 'li', 'td', 'th', 'p', 'figure', 'dd']);

/**
 * The element the page marks as its article's text: the one itemprop="articleBody", else the one
 * element with a class such as "entry-content" that holds a paragraph. Undefined when none is
 * marked, or when several are (comments, teasers and Q&A blocks reuse those classes).
 */
export function markedContainer(root: AnyNode, readable: (element: Element) => boolean): Element | undefined {
  const declared: Element[] = [];
  const named: Element[] = [];
  const work: AnyNode[] = [root];
  while (work.length > 0 && declared.length + named.length < MAX_CANDIDATES) {
    const node = work.pop()!;
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node.type === 'tag') {
      if (SKIPPED.has(node.name) || !readable(node)) continue;
      // The outermost marked element holds the inner ones.
      if (/(^|\s)articleBody(\s|$)/i.test(node.attribs.itemprop ?? '')) {
        declared.push(node);
        continue;
      }
      if (!NOT_CONTAINER.has(node.name) && CONTAINER_LABEL.test(labelOf(node))) {
        named.push(node);
        continue;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) work.push(node.children[i]!);
  }
  const withText = (elements: Element[]) => elements.filter((element) => containerText(element, readable).longest.length >= PROBE_LENGTH);
  const candidates = declared.length > 0 ? withText(declared) : withText(named);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The container's readable text: its longest run (whitespace squashed, its surest paragraph) and its whole length. */
function containerText(element: Element, readable: (element: Element) => boolean): { longest: string; length: number } {
  let longest = '';
  let length = 0;
  const work: AnyNode[] = [element];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node.type === 'text') {
      const text = node.data.length > longest.length || /\S/.test(node.data) ? squashSpaces(node.data) : '';
      length += text.length;
      if (text.length > longest.length) longest = text;
    } else if (node.type === 'tag' && !SKIPPED.has(node.name) && readable(node)) for (const child of node.children) work.push(child);
  }
  return { longest, length };
}

function squashSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether a reader's text missed the marked container: it leaves out the container's surest
 * paragraph, or runs to far more than the container holds (a short article merged with a
 * sidebar of teasers).
 */
export function missesContainer(text: string, container: Element, readable: (element: Element) => boolean): boolean {
  const { longest, length } = containerText(container, readable);
  const read = squashSpaces(text);
  return (longest.length >= PROBE_LENGTH && !read.includes(longest.slice(0, PROBE_LENGTH))) || read.length > OVERRUN * length + PROBE_LENGTH;
}
