import type { Element } from 'domhandler';
import { compact } from '../shared/compact.js';
import { documentBylines } from './page-bylines.js';
import { readJsonLd } from './json-ld.js';
import { absoluteUrl, firstContentImage, type ImageScope } from './lead-image.js';
import { readMetaTags, type MetaTags } from './meta-tags.js';
import { isInside, textOf, withinMatching, type PageIndex } from './page-index.js';
import { clean, textWithoutMarkup } from './plain-text.js';
import { dateFromUrl, documentDate, isoDate } from './published-date.js';
import { hostOf, type SiteClues } from './site-name.js';

/** Everything a page states about its article, before any choice between sources. */
export interface PageMetadata {
  /** Stated titles, most trusted first. */
  titles: string[];
  /** The title the page states for citing and sharing (Dublin Core, OpenGraph): taken as stated. */
  sharedTitle?: string;
  /** The main work's JSON-LD headline. */
  headline?: string;
  documentTitle?: string;
  /** Visible <h1> texts, site mastheads left out. */
  headings: string[];
  dek?: string;
  /** Bylines by source, most trusted first: JSON-LD people, meta tags, the page. JSON-LD organisations come last, in `creditedOrganisations`. */
  bylines: string[][];
  creditedOrganisations: string[];
  date?: string;
  /** Canonical URL as stated (maybe relative). */
  url?: string;
  site: SiteClues;
  /** Stated images, most trusted first. */
  images: string[];
  /** The first picture in the article, a lead-sized one anywhere, or any in the page; looked for only when no usable image is stated. */
  contentImage: (scope: ImageScope) => string | undefined;
}

const TITLE_META = ['twitter:title', 'dcterms:title', 'title', 'parsely-title', 'sailthru.title', 'headline'];
const DEK_META = ['dc:description', 'dcterms:description', 'og:description', 'description', 'twitter:description', 'sailthru.description', 'parsely-description'];
const AUTHOR_META = ['dc:creator', 'dcterms:creator', 'author', 'article:author', 'parsely-author', 'sailthru.author', 'byl', 'byline', 'citation_author', 'dc:contributor'];
const DATE_META = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'published_time', 'article.published', 'datepublished', 'date.published', 'publishdate',
  'publish-date', 'publish_date', 'pubdate', 'dc:date.issued', 'dcterms:issued', 'dc:date', 'dcterms:date', 'dcterms:created', 'dc:date.created', 'citation_publication_date',
  'citation_date', 'citation_online_date', 'sailthru.date', 'parsely-pub-date', 'article_date_original', 'original-publish-date', 'date', 'release_date', 'cxenseparse:recs:publishtime',
];
const WIRE_DATELINE = /^(?:\p{Lu}[\p{Lu} .'-]+(?:,\s*\p{Lu}[\p{Lu}.]*)*(?:,\s+(?:\p{Lu}\p{Ll}+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\p{Lu}\p{Ll}+\s+\d{4}))?\s*(?:--)?\s*)?(?:\/[^/:\n]{2,30}\/|\([^():\n]{2,40}\))\s*(?:--|—|–|-)\s+/u;
// A sharing card's label for its author line, in the languages SEO plugins write it.
const WRITTEN_BY = /^(written by|author|escrito por|autor|geschrieben von|écrit par|scritto da|geschreven door|skrevet av|skriven av)$/i;
const IMAGE_META = ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src', 'image', 'thumbnail', 'thumbnailurl', 'parsely-image-url', 'sailthru.image.full'];
// A site's name set as a heading: in its logo, masthead or branding, or the page's own banner.
const MASTHEAD = /(^|[^a-z])(logo|masthead|branding|brand|site-?title|site-?name|site-?header|blog-?title|blog-?name)([^a-z]|$)/i;
const REGION_TAGS = new Set(['article', 'main']);

/** Reads every statement a page makes about its article: JSON-LD, meta tags, then the document itself. */
export function readMetadata(index: PageIndex, pageUrl: string): PageMetadata {
  const ld = readJsonLd(index);
  const meta = readMetaTags(index);
  const h1s = (index.byTag.get('h1') ?? []).filter((h) => !isMasthead(h, pageUrl));
  const region = articleRegion(index, h1s[0]);
  const titleElement = index.byTag.get('title')?.[0];
  const documentTitle = (titleElement && clean(textOf(titleElement))) || undefined;
  const canonical = linkHref(index, 'canonical');
  return {
    titles: unique([meta.get('dc:title'), meta.get('og:title'), ld.headline, ...TITLE_META.map((name) => meta.get(name)), ld.name]),
    ...compact({ sharedTitle: meta.get('dc:title') ?? meta.get('og:title'), headline: ld.headline }),
    ...(documentTitle ? { documentTitle } : {}),
    // Headings that are all link (a masthead, a teaser) come after the others.
    headings: [...h1s.filter((h) => !isAllLink(h)), ...h1s.filter(isAllLink)].map((h) => clean(textOf(h))),
    bylines: [ld.people, metaAuthors(meta), documentBylines(index, region) ?? []],
    creditedOrganisations: ld.organisations,
    site: {
      ...(ld.publisher ? { publisher: ld.publisher } : {}),
      ...(meta.get('og:site_name') ? { ogSiteName: meta.get('og:site_name') } : {}),
      jsonLdNames: unique([ld.website, ...ld.organisationNames]),
      appNames: unique([meta.get('application-name'), ...meta.matching(/^twitter:app:name:/), meta.get('apple-mobile-web-app-title'), meta.get('publisher'), meta.get('dc:publisher')]),
      ...compact({ handle: /^@([A-Za-z0-9_]{3,})$/.exec(meta.get('twitter:site') ?? '')?.[1] }),
      feedTitles: unique((index.byTag.get('link') ?? []).filter((link) => /\b(rss|atom)\b/i.test(link.attribs.type ?? '')).map((link) => link.attribs.title)),
      host: hostOf(pageUrl),
    },
    images: unique([
      ...IMAGE_META.slice(0, 5).map((name) => meta.get(name)),
      ...ld.images,
      linkHref(index, 'image_src'),
      ...IMAGE_META.slice(5).map((name) => meta.get(name)),
      microdataImage(index, region),
    ]),
    contentImage: (scope) => (scope === 'article' ? region && firstContentImage(index, region, pageUrl) : firstContentImage(index, undefined, pageUrl, scope === 'lead-sized')),
    ...compact({
      dek: statedDek([ld.description, ...DEK_META.map((name) => textWithoutMarkup(meta.get(name)))]),
      date: [ld.datePublished, ...DATE_META.map((name) => meta.get(name))].map(isoDate).find(Boolean) ?? documentDate(index, region) ?? dateFromUrl(absoluteUrl(canonical, pageUrl) ?? pageUrl) ?? dateFromUrl(pageUrl),
      url: canonical ?? meta.first(['og:url', 'twitter:url']) ?? ld.url,
    }),
  };
}

/**
 * Every author the first author tag names (some pages repeat `<meta name="author">` once per author);
 * else the author a sharing card labels "Written by" (twitter:label1 and twitter:data1, as SEO plugins write them).
 */
function metaAuthors(meta: MetaTags): string[] {
  const notUrl = (value: string) => !/^(https?:)?\/\/|^www\./i.test(value);
  const name = AUTHOR_META.find((n) => {
    const value = meta.get(n);
    return value !== undefined && notUrl(value);
  });
  if (name) return meta.all(name).filter(notUrl);
  const label = [1, 2, 3, 4].find((n) => WRITTEN_BY.test(meta.get(`twitter:label${n}`) ?? ''));
  const labelled = label && meta.get(`twitter:data${label}`);
  return labelled && notUrl(labelled) ? [labelled] : [];
}

/**
 * The first stated summary, unless another stated one is a part of it after other words: a
 * description with a sign-up prompt or a kicker stuck in front ("Get our newsletter … Ferry
 * fares will rise …") gives way to the clean one the page also states.
 */
function statedDek(values: Array<string | undefined>): string | undefined {
  const stated = unique(values);
  const first = stated[0];
  if (!first) return undefined;
  const key = (text: string) => text.toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
  const chosen = stated.find((other) => other.length >= 40 && key(first).indexOf(key(other)) > 0) ?? first;
  // A press wire's dateline ("BERLIN, May 3, 2026 /Example Wire/ -- ", "OSLO--(Example Wire - May 3, 2026) - ") opens the release, not its summary.
  return chosen.replace(WIRE_DATELINE, '') || chosen;
}

/** The article's microdata image: `<img itemprop="image">`, `<link itemprop="image">`, or an ImageObject's url. */
function microdataImage(index: PageIndex, region: Element | undefined): string | undefined {
  for (const element of index.byItemprop.get('image') ?? []) {
    if (region && !isInside(element, region)) continue;
    const { content, src, href } = element.attribs;
    const url = content ?? src ?? href ?? (index.byItemprop.get('url') ?? []).find((el) => isInside(el, element))?.attribs.content;
    if (url) return url;
  }
  return undefined;
}

/** A site's name set as the page's <h1>: in a logo, masthead or banner, or a link to the home page. */
function isMasthead(heading: Element, pageUrl: string): boolean {
  const inBanner = withinMatching(heading, (node) => MASTHEAD.test(`${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`) || (node.name === 'header' && (node.attribs.role === 'banner' || (node.parent as Element | null)?.name === 'body')));
  if (inBanner) return true;
  const links = heading.children.filter((child): child is Element => child.type === 'tag' && child.name === 'a');
  const link = links.length === 1 && clean(textOf(links[0]!)) === clean(textOf(heading)) ? links[0] : undefined;
  const target = absoluteUrl(link?.attribs.href, pageUrl);
  if (!link || !target) return false;
  const url = new URL(target);
  return url.pathname.replace(/\/(index\.\w+)?$/, '') === '' && (link.attribs.rel === 'home' || url.host === hostOf(pageUrl));
}

function isAllLink(heading: Element): boolean {
  const links = heading.children.filter((child): child is Element => child.type === 'tag' && child.name === 'a');
  return links.length > 0 && clean(links.map(textOf).join(' ')) === clean(textOf(heading));
}

/** The element holding the article: the article or main around its headline, else the only article, else main. */
function articleRegion(index: PageIndex, headline: Element | undefined): Element | undefined {
  if (headline) {
    for (let node = headline.parent as Element | null; node && node.type === 'tag'; node = node.parent as Element | null) {
      if (REGION_TAGS.has(node.name) || node.attribs.itemprop === 'articleBody' || node.attribs.role === 'main') return node;
    }
  }
  const articles = index.byTag.get('article') ?? [];
  if (articles.length === 1) return articles[0];
  return (index.byTag.get('main') ?? [])[0];
}

/** The href of the first <link rel="…"> with that relation. */
function linkHref(index: PageIndex, relation: string): string | undefined {
  return (index.byTag.get('link') ?? []).find((link) => (link.attribs.rel ?? '').toLowerCase().split(/\s+/).includes(relation))?.attribs.href;
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.map((v) => clean(v)).filter(Boolean))];
}
