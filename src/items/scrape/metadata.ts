import type { CheerioAPI } from 'cheerio';
import { compact } from '../../compact.js';

/** Article metadata as pages offer it, before any choice between sources. */
export interface PageMetadata {
  title?: string;
  /** Every title the page states, most trusted first, for matching against the visible headline. */
  titles?: string[];
  dek?: string;
  author?: string;
  date?: string;
  url?: string;
  site?: string;
  image?: string;
}

const ARTICLE_TYPES = /^(NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|Report|ScholarlyArticle|TechArticle|LiveBlogPosting|SocialMediaPosting)$/;

/** Meta tags read for each field, most trusted first (after JSON-LD, which beats them all). */
const META: Record<Exclude<keyof PageMetadata, "titles">, string[]> = {
  title: ['og:title', 'twitter:title', 'dc.title', 'dcterms.title', 'title', 'sailthru.title', 'parsely-title'],
  dek: ['og:description', 'twitter:description', 'description', 'dc.description', 'dcterms.description', 'sailthru.description'],
  author: ['author', 'article:author', 'dc.creator', 'dcterms.creator', 'byl', 'parsely-author', 'sailthru.author', 'twitter:creator'],
  date: ['article:published_time', 'og:article:published_time', 'datepublished', 'publishdate', 'pubdate', 'date', 'dc.date', 'dc.date.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published'],
  url: ['og:url', 'twitter:url'],
  site: ['og:site_name', 'application-name', 'apple-mobile-web-app-title'],
  image: ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src', 'thumbnail'],
};

/** Collects metadata in order of trust: JSON-LD, then meta tags, then the document itself. */
export function readMetadata($: CheerioAPI): PageMetadata {
  const ld = readJsonLd($);
  const meta = readMetaTags($);
  const pick = (field: keyof typeof META): string | undefined => {
    for (const name of META[field]) {
      const value = meta.get(name);
      if (value && !(field === 'author' && /^(https?:\/\/|@)/.test(value))) return value;
    }
    return undefined;
  };
  const titles = [ld.title, ld.name, ...META.title.map((name) => meta.get(name)), clean($('title').first().text())].filter((t): t is string => Boolean(t));
  return compact({
    title: titles[0],
    titles: [...new Set(titles)],
    dek: ld.dek ?? pick('dek'),
    author: ld.author ?? pick('author') ?? bylineFromDocument($),
    date: ld.date ?? pick('date') ?? $('[itemprop="datePublished"]').first().attr('content') ?? $('time[datetime]').first().attr('datetime'),
    url: $('link[rel~="canonical"]').first().attr('href') ?? pick('url') ?? ld.url,
    // Some sites append a tagline: "Example.cz - What is happening now".
    site: (pick('site') ?? ld.site)?.split(/\s+(?:-|–|—|\|)\s+/)[0],
    image: pick('image') ?? ld.image,
  });
}

function readMetaTags($: CheerioAPI): Map<string, string> {
  const tags = new Map<string, string>();
  $('meta').each((_, element) => {
    const content = clean($(element).attr('content'));
    if (!content) return;
    // A property attribute may hold several space-separated names.
    const names = [$(element).attr('property'), $(element).attr('name'), $(element).attr('itemprop')].flatMap((n) => (n ? n.toLowerCase().split(/\s+/) : []));
    for (const name of names) if (!tags.has(name)) tags.set(name, content);
  });
  return tags;
}

function readJsonLd($: CheerioAPI): PageMetadata & { name?: string } {
  const nodes: Record<string, unknown>[] = [];
  $('script[type="application/ld+json"]').each((_, element) => {
    try {
      // Some pages (and saved XHTML) wrap the JSON in CDATA or comment markers.
      const json = $(element).text().trim().replace(/^(<!\[CDATA\[|<!--)/, '').replace(/(\]\]>|-->)$/, '').trim();
      collect(JSON.parse(json), nodes);
    } catch {
      // Broken JSON-LD is common; the other sources still count.
    }
  });
  const article = nodes.find((node) => types(node).some((type) => ARTICLE_TYPES.test(type)));
  if (!article) return {};
  const publisher = first(article.publisher) as Record<string, unknown> | undefined;
  return compact({
    title: text(article.headline),
    name: text(article.name),
    dek: text(article.description),
    author: names(article.author),
    date: text(article.datePublished) ?? text(article.dateCreated),
    url: text(article.url) ?? text((first(article.mainEntityOfPage) as Record<string, unknown> | undefined)?.['@id']),
    site: text(publisher?.name),
    image: imageUrl(article.image),
  });
}

function collect(value: unknown, into: Record<string, unknown>[]): void {
  if (Array.isArray(value)) return value.forEach((v) => collect(v, into));
  if (!value || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  into.push(node);
  if (node['@graph']) collect(node['@graph'], into);
}

function types(node: Record<string, unknown>): string[] {
  const type = node['@type'];
  return Array.isArray(type) ? type.map(String) : type ? [String(type)] : [];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? clean(value) || undefined : undefined;
}

function names(value: unknown): string | undefined {
  const list = (Array.isArray(value) ? value : [value])
    .map((entry) => (typeof entry === 'string' ? entry : text((entry as Record<string, unknown> | undefined)?.name)))
    .filter((name): name is string => Boolean(name) && !/^https?:\/\//.test(name!));
  return list.length ? list.join(', ') : undefined;
}

function imageUrl(value: unknown): string | undefined {
  const image = first(value);
  return typeof image === 'string' ? image : text((image as Record<string, unknown> | undefined)?.url);
}

/** A visible byline when no metadata names the author. */
function bylineFromDocument($: CheerioAPI): string | undefined {
  const candidates = ['[itemprop="author"] [itemprop="name"]', '[itemprop="author"]', 'a[rel="author"]', '.byline__name', '.byline', '[class*="byline" i]', '.author-name', '.author'];
  for (const selector of candidates) {
    for (const element of $(selector).toArray().slice(0, 3)) {
      // "By Jane Doe • 8h", "By Jane Doe | March 2": the name is the first part.
      const value = clean($(element).text()).replace(/^(by|par|von|por)\s+/i, '').split(/\s+(?:•|\||·)\s+/)[0]!.trim();
      if (value && value.length < 80 && /\p{L}/u.test(value)) return value;
    }
  }
  return undefined;
}

export function clean(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}
