import { compact } from '../shared/compact.js';
import { textOf, type PageIndex } from './page-index.js';
import { textWithoutMarkup } from './plain-text.js';

type Node = Record<string, unknown>;

/** What a page's JSON-LD says about its main work and the site that published it. */
export interface JsonLdFacts {
  headline?: string;
  name?: string;
  description?: string;
  /** People credited, in order. */
  people: string[];
  /** Organisations credited as authors (an agency, a desk), used only when no person is. */
  organisations: string[];
  datePublished?: string;
  url?: string;
  /** The main work's images, in the order it states them: image (a URL, an ImageObject, an @id, a list of them), thumbnailUrl, then the page's primary image. */
  images: string[];
  /** The main work's publisher. */
  publisher?: string;
  /** The WebSite node's name, and the names of other Organization nodes. */
  website?: string;
  organisationNames: string[];
}

// Not the page's main work: the site, its owners, its people, its navigation.
const NOT_A_WORK =
  /^(WebSite|WebPage|CollectionPage|SearchResultsPage|ProfilePage|AboutPage|ContactPage|ItemPage|BreadcrumbList|ListItem|ItemList|SiteNavigationElement|WPHeader|WPFooter|WPSideBar|SearchAction|ReadAction|EntryPoint|ImageObject|Person|Place|PostalAddress|ContactPoint|Rating|AggregateRating|Offer|Brand|Thing|Organization|Corporation|NewsMediaOrganization|NGO|EducationalOrganization|GovernmentOrganization|LocalBusiness|OnlineBusiness|ResearchOrganization|Project|SpeakableSpecification|PropertyValue|Language|Country|City|State|DefinedTerm)$/;
const IMAGE_PATH = /\.(jpe?g|png|webp|gif|avif)([?#]|$)/i;
const ORGANISATION = /Organization$|^Corporation$|^NGO$|^LocalBusiness$|^OnlineBusiness$|^Project$|^Brand$/;

/**
 * Reads every JSON-LD block: nodes in @graph and nested mainEntity, @id references resolved.
 * The main work is the first node with a headline, else the first node of a content type
 * (an Article of any kind, a Review, a VideoObject, a PodcastEpisode, ...), else a WebPage
 * that credits an author.
 */
export function readJsonLd(index: PageIndex): JsonLdFacts {
  const nodes: Node[] = [];
  for (const script of index.byTag.get('script') ?? []) {
    if ((script.attribs.type ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    // Some pages (and saved XHTML) wrap the JSON in CDATA or comment markers.
    const json = textOf(script).trim().replace(/^(<!\[CDATA\[|<!--)/, '').replace(/(\]\]>|-->)$/, '').trim();
    try {
      collect(JSON.parse(json), nodes, 0);
    } catch {
      // Broken JSON-LD is common; the other sources still count.
    }
  }
  const byId = new Map(nodes.filter((n) => typeof n['@id'] === 'string').map((n) => [n['@id'] as string, n]));
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    const node = value as Node | undefined;
    if (node && typeof node === 'object' && typeof node['@id'] === 'string' && Object.keys(node).length <= 2) return byId.get(node['@id']) ?? node;
    return value;
  };
  // Without an article node, a WebPage that credits an author stands for the article (SEO plugins set posts out so).
  const work =
    nodes.find((n) => n.headline !== undefined && !types(n).some((t) => NOT_A_WORK.test(t))) ??
    nodes.find((n) => types(n).length > 0 && types(n).every((t) => !NOT_A_WORK.test(t))) ??
    nodes.find((n) => types(n).includes('WebPage') && n.author !== undefined);
  const website = nodes.find((n) => types(n).includes('WebSite'));
  const organisationNames = nodes.filter((n) => types(n).some((t) => ORGANISATION.test(t))).map((n) => text(n.name)).filter((s): s is string => Boolean(s));
  const credited = list(resolve(work?.author)).map(resolve);
  const people = credited.filter((c) => typeof c === 'string' || !types(c as Node).some((t) => ORGANISATION.test(t))).flatMap(names);
  const organisations = credited.filter((c) => typeof c === 'object' && c !== null && types(c as Node).some((t) => ORGANISATION.test(t))).flatMap(names);
  const publisher = list(resolve(work?.publisher)).map(resolve)[0];
  const page = nodes.find((n) => types(n).some((t) => /Page$/.test(t)));
  const images = [work?.image, work?.thumbnailUrl, work?.primaryImageOfPage, page?.primaryImageOfPage, page?.image].flatMap((value) => imageUrls(resolve(value), resolve));
  return {
    people,
    images: [...new Set(images)],
    organisations,
    organisationNames,
    ...compact({
      headline: text(work?.headline),
      name: text(work?.name),
      description: text(work?.description),
      datePublished: text(work?.datePublished) ?? text(work?.dateCreated) ?? text(work?.uploadDate),
      url: link(work?.url) ?? link((list(work?.mainEntityOfPage)[0] as Node | undefined)?.['@id']) ?? link(list(work?.mainEntityOfPage)[0]),
      publisher: typeof publisher === 'string' ? text(publisher) : text((publisher as Node | undefined)?.name),
      website: text(website?.name),
    }),
  };
}

function collect(value: unknown, into: Node[], depth: number): void {
  if (depth > 4) return;
  if (Array.isArray(value)) return value.forEach((v) => collect(v, into, depth + 1));
  if (!value || typeof value !== 'object') return;
  const node = value as Node;
  into.push(node);
  if (node['@graph']) collect(node['@graph'], into, depth + 1);
  // A WebPage often carries the article as its main entity.
  if (node.mainEntity && typeof node.mainEntity === 'object') collect(node.mainEntity, into, depth + 1);
}

function types(node: Node | undefined): string[] {
  const type = node?.['@type'];
  return (Array.isArray(type) ? type : type ? [type] : []).map((t) => String(t).replace(/^https?:\/\/schema\.org\//, ''));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? textWithoutMarkup(value) || undefined : undefined;
}

/** A credit's names: a string, a Person with a name (some sites give an array of names), or given and family names. */
function names(value: unknown): string[] {
  if (typeof value === 'string') return [textWithoutMarkup(value)].filter(Boolean);
  const node = value as Node | undefined;
  const stated = list(node?.name)
    .map((n) => text(n))
    .filter((n): n is string => Boolean(n));
  if (stated.length > 0) return stated;
  const parts = [text(node?.givenName), text(node?.familyName)].filter(Boolean);
  return parts.length > 0 ? [parts.join(' ')] : [];
}

/** Image URLs as JSON-LD states them: a URL, an ImageObject (url, contentUrl), an @id reference, or a list of these. */
function imageUrls(value: unknown, resolve: (value: unknown) => unknown): string[] {
  return list(value).flatMap((item) => {
    if (typeof item === 'string') return [link(item)].filter((url): url is string => Boolean(url));
    const node = resolve(item) as Node | undefined;
    if (!node || typeof node !== 'object') return [];
    const id = link(node['@id']);
    // An unresolved reference whose @id is itself a picture's URL.
    const url = link(list(node.url)[0]) ?? link(list(node.contentUrl)[0]) ?? (id && IMAGE_PATH.test(id) ? id : undefined);
    return url ? [url] : [];
  });
}

function link(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}
