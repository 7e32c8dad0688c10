import type { AnyNode, Element } from 'domhandler';
import { authorNames } from './byline.js';
import { hasClassWord, inOrder, isElsewhere, isInside, spacedTextOf, withinMatching, type PageIndex } from './page-index.js';
import { clean } from './plain-text.js';

// Links to an author's page, as CMSs spell them (/author/, NYT's /by/, think tanks' /experts/).
const AUTHOR_LINK = /\/(author|authors|by|people|person|profile|profiles|staff|experts?|contributors?|writers?|journalists|reporters|columnists)\/[^/?#]/i;
const BYLINE_WORDS = new Set(['byline', 'bylines', 'author', 'authors', 'authorname', 'writer', 'writers', 'contributor', 'contributors']);
const CONTAINERS = new Set(['html', 'body', 'main', 'article', 'section']);
const ROLE_WORDS = new Set(['title', 'role', 'position', 'job', 'picture', 'photo', 'image', 'avatar', 'bio', 'description']);
// Links in prose and citations point to people the article mentions, not to its authors.
const PROSE = new Set(['p', 'li', 'cite', 'blockquote', 'table', 'sup']);

/**
 * Bylines shown in the page, in the article around its headline first, else anywhere outside
 * comments and related stories: microdata, rel=author, links in a byline or author element,
 * links to an author page, then the byline element's text.
 */
export function documentBylines(index: PageIndex, region: AnyNode | undefined): string[] | undefined {
  const links = index.byTag.get('a') ?? [];
  const authors = index.byItemprop.get('author') ?? [];
  const names = (index.byItemprop.get('name') ?? []).filter((el) => authors.some((author) => author !== el && isInside(el, author)));
  // An article's own classes name its tags and categories ("tag-fan-contributor"), not a byline.
  const isBylineElement = (node: Element) => !CONTAINERS.has(node.name) && hasClassWord(node, BYLINE_WORDS);
  const inBylineElement = (el: Element) => withinMatching(el, isBylineElement);
  const sources: Array<{ elements: Element[]; anywhere?: boolean }> = [
    { elements: names, anywhere: true },
    { elements: authors, anywhere: true },
    { elements: links.filter((a) => /(^|\s)author(\s|$)/i.test(a.attribs.rel ?? '')) },
    { elements: links.filter(inBylineElement) },
    { elements: links.filter((a) => AUTHOR_LINK.test(a.attribs.href ?? '') && !withinMatching(a, (node) => PROSE.has(node.name))) },
    { elements: inOrder(index, index.byClassWord, [...BYLINE_WORDS]).filter(isBylineElement) },
  ];
  for (const inRegion of region ? [(el: Element) => isInside(el, region), () => true] : [() => true]) {
    for (const { elements, anywhere } of sources) {
      const found = elements.filter((el) => inRegion(el) && (anywhere || !isElsewhere(el))).slice(0, 12);
      // The first byline that names someone, with the names beside it (one link per author).
      const first = found.find((element) => authorNames(bylineText(element)).length > 0);
      if (!first) continue;
      const beside = found.filter((element) => element === first || (element.parent === first.parent && element.parent !== null));
      return beside.map(bylineText).filter((text) => text.length < 200);
    }
  }
  return undefined;
}

/** A byline element's text, without the parts it labels as the people's roles or pictures ("byline-title": "Health reporter, BBC News"). */
function bylineText(element: Element): string {
  return clean(element.attribs.content ?? spacedTextOf(element, (part) => hasClassWord(part, ROLE_WORDS))).replace(/ ([,;])/g, '$1');
}
