import type { AnyNode, Element } from 'domhandler';
import { isElsewhere, isInside, withinMatching, type PageIndex } from './page-index.js';

// Not a picture of the article: site furniture, avatars, icons, tracking pixels, ads.
const FURNITURE = /logo|icon|avatar|sprite|badge|emoji|spinner|loader|placeholder|pixel|tracking|spacer|blank|1x1|gravatar|button|advert|sponsor|masthead|brand|profile|headshot|author/i;
const MIN_SIDE = 150;

/** A stated image URL, resolved, when it can be an article's picture: http(s), not a data: URI or an SVG icon. */
export function articleImage(value: string | undefined, base: string): string | undefined {
  const url = absoluteUrl(value, base);
  return url && !/\.svg(\?|#|$)/i.test(new URL(url).pathname) ? url : undefined;
}

/** The first large picture in the article when the page states none: never a logo, an avatar or a tracking pixel. */
export function firstContentImage(index: PageIndex, region: AnyNode | undefined, base: string): string | undefined {
  for (const image of index.byTag.get('img') ?? []) {
    if (region && !isInside(image, region)) continue;
    const url = candidate(image, base);
    if (url) return url;
  }
  return undefined;
}

function candidate(image: Element, base: string): string | undefined {
  const attribs = image.attribs;
  const source = attribs['data-src'] ?? attribs['data-lazy-src'] ?? attribs['data-original'] ?? attribs.src ?? firstOfSrcset(attribs.srcset ?? attribs['data-srcset']);
  if (!source || /^data:/i.test(source.trim())) return undefined;
  const width = Number.parseInt(attribs.width ?? '', 10);
  const height = Number.parseInt(attribs.height ?? '', 10);
  if ((width > 0 && width < MIN_SIDE) || (height > 0 && height < MIN_SIDE)) return undefined;
  const parent = image.parent as Element | null;
  const grandparent = parent?.parent as Element | null;
  const label = [source, attribs.alt, attribs.class, attribs.id, parent?.attribs?.class, grandparent?.attribs?.class].join(' ');
  if (FURNITURE.test(label) || isElsewhere(image) || inPageHeader(image)) return undefined;
  return articleImage(source, base);
}

/** In the page's header (the site's), not an article's. */
function inPageHeader(element: Element): boolean {
  return withinMatching(element, (node) => node.name === 'header') && !withinMatching(element, (node) => node.name === 'article');
}

function firstOfSrcset(srcset: string | undefined): string | undefined {
  return srcset?.split(',')[0]?.trim().split(/\s+/)[0];
}

/** An absolute http(s) URL, or undefined. */
export function absoluteUrl(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
