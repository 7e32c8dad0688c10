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
  const withText = (elements: Element[]) => elements.filter((element) => longestText(element, readable).length >= PROBE_LENGTH);
  const candidates = declared.length > 0 ? withText(declared) : withText(named);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The container's longest run of readable text, whitespace squashed: its surest paragraph. */
function longestText(element: Element, readable: (element: Element) => boolean): string {
  let longest = '';
  const work: AnyNode[] = [element];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node.type === 'text') {
      if (node.data.length > longest.length) {
        const text = squashSpaces(node.data);
        if (text.length > longest.length) longest = text;
      }
    } else if (node.type === 'tag' && !SKIPPED.has(node.name) && readable(node)) for (const child of node.children) work.push(child);
  }
  return longest;
}

function squashSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether a text (a reader's result) holds the container's surest paragraph. */
export function holdsContainer(text: string, container: Element, readable: (element: Element) => boolean): boolean {
  const probe = longestText(container, readable).slice(0, PROBE_LENGTH);
  return probe.length < PROBE_LENGTH || squashSpaces(text).includes(probe);
}
