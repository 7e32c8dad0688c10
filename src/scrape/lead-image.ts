import type { AnyNode, Element } from 'domhandler';
import { isElsewhere, isInside, withinMatching, type PageIndex } from './page-index.js';

// Not a picture of the article: site furniture, avatars, icons, tracking pixels, ads.
const FURNITURE = /logo|icon|avatar|sprite|badge|emoji|spinner|loader|placeholder|pixel|tracking|spacer|blank|1x1|gravatar|button|advert|sponsor|masthead|brand|profile|headshot|author/i;
// A stated image that is the site's stand-in, not the article's picture: judged by its file name
// only, since CDN paths carry words like "default" in their transforms ("/t_default/...").
const STAND_IN_FILE = /logo|placeholder|default|fallback|favicon|sprite|blank|spacer|1x1|pixel|avatar|no-?image/i;
const LAZY_SOURCES = ['data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-hi-res-src', 'data-full-src', 'src'];
const MIN_SIDE = 150;

/**
 * The article's lead picture: the first stated image (og:image, twitter:image, JSON-LD, image_src,
 * microdata) that is not the site's logo or stand-in picture, else the first large picture in the
 * article, else a stated stand-in rather than nothing.
 */
export function leadImage(stated: readonly string[], base: string, contentImage: () => string | undefined): string | undefined {
  const urls = stated.map((value) => articleImage(value, base)).filter((url): url is string => Boolean(url));
  return urls.find((url) => !isStandIn(url)) ?? contentImage() ?? urls[0];
}

function isStandIn(url: string): boolean {
  return STAND_IN_FILE.test(new URL(url).pathname.split('/').at(-1) ?? '');
}

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
  const source = imageSource(image);
  if (!source) return undefined;
  const width = Number.parseInt(attribs.width ?? '', 10);
  const height = Number.parseInt(attribs.height ?? '', 10);
  if ((width > 0 && width < MIN_SIDE) || (height > 0 && height < MIN_SIDE)) return undefined;
  const parent = image.parent as Element | null;
  const grandparent = parent?.parent as Element | null;
  const label = [source, attribs.alt, attribs.class, attribs.id, parent?.attribs?.class, grandparent?.attribs?.class].join(' ');
  if (FURNITURE.test(label) || isElsewhere(image) || inPageHeader(image)) return undefined;
  return articleImage(source, base);
}

/**
 * Where a picture really is: a lazy loader's data-src before a placeholder src, else the largest
 * candidate of its srcset, else the srcset of a <source> in its <picture>.
 */
function imageSource(image: Element): string | undefined {
  const { attribs } = image;
  const direct = LAZY_SOURCES.map((name) => attribs[name]?.trim()).find((value) => value && !/^data:/i.test(value));
  if (direct) return direct;
  const srcset = largestOfSrcset(attribs.srcset ?? attribs['data-srcset'] ?? attribs['data-lazy-srcset']);
  if (srcset) return srcset;
  const picture = image.parent as Element | null;
  if (picture?.name !== 'picture') return undefined;
  const sources = picture.children.filter((child): child is Element => child.type === 'tag' && child.name === 'source');
  return sources.map((source) => largestOfSrcset(source.attribs.srcset ?? source.attribs['data-srcset'])).find(Boolean);
}

/** The widest (or densest) candidate of a srcset ("a.jpg 640w, b.jpg 1280w"); URLs may hold commas (CDN transforms). */
export function largestOfSrcset(srcset: string | undefined): string | undefined {
  let best: { url: string; size: number } | undefined;
  const consider = (url: string, descriptor: string) => {
    const size = Number(/([\d.]+)[wx]/.exec(descriptor)?.[1] ?? 1);
    if (url && !/^data:/i.test(url) && (!best || size > best.size)) best = { url, size };
  };
  // As HTML reads it: a URL runs to the next space, and a comma ending it closes the candidate; else its descriptors run to the next comma.
  let url: string | undefined;
  let descriptor = '';
  for (const token of (srcset ?? '').replace(/(\d[wx]),(?=\S)/g, '$1, ').trim().split(/\s+/)) {
    if (url === undefined) {
      const bare = token.replace(/^,+/, '');
      if (bare.endsWith(',')) consider(bare.replace(/,+$/, ''), '');
      else if (bare) url = bare;
      continue;
    }
    descriptor += ` ${token}`;
    if (token.endsWith(',')) {
      consider(url, descriptor);
      [url, descriptor] = [undefined, ''];
    }
  }
  if (url !== undefined) consider(url, descriptor);
  return (best as { url: string } | undefined)?.url;
}

/** In the page's header (the site's), not an article's. */
function inPageHeader(element: Element): boolean {
  return withinMatching(element, (node) => node.name === 'header') && !withinMatching(element, (node) => node.name === 'article');
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
