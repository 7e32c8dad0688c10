import { load } from 'cheerio';
import { compact } from '../shared/compact.js';
import { bodyBlocks, isFurniture, type BodyBlock } from './body-blocks.js';
import { chooseAuthor, outletInBylines } from './byline.js';
import { absoluteUrl, leadImage } from './lead-image.js';
import { readMetadata } from './metadata.js';
import { indexPage } from './page-index.js';
import { clean } from './plain-text.js';
import { readableBody } from './readable-body.js';
import { roundupSections, type RoundupSections } from './roundup.js';
import { chooseSiteName, hostOf, squash, titleSuffix } from './site-name.js';
import { chooseTitle } from './title.js';

export { roundupSections, type RoundupSections } from './roundup.js';
export { cleanTitle } from './title.js';

export interface Article {
  title: string;
  dek?: string;
  author?: string;
  /** ISO 8601, as precise as the page gives it. */
  date?: string;
  /** Canonical URL, absolute. */
  url: string;
  site?: string;
  image?: string;
  /** The body as clean inline-HTML paragraphs, links kept and absolute; empty for a page without article text. */
  paragraphs: string[];
  /** Present when the page is a Diplomacy Watch-style roundup. */
  sections?: RoundupSections;
}

// Opening blocks that point elsewhere rather than summarise: Wikipedia hatnotes and the like.
const HATNOTE = /^(this article is about|for other uses|not to be confused with|"[^"]+" redirects here|main article:|see also:|further information:|coordinates:)/i;
const DEK_LENGTH = 300;
// Shorter than a sentence of prose: a label, a button, a heading.
const SHORT_LINE = 50;

/**
 * Reads an article out of a page (design.md: pure; the page is fetched elsewhere). Metadata
 * comes from what the page states (JSON-LD, meta tags, then its visible headline, byline,
 * dateline and pictures); the body from Mozilla Readability on a linkedom DOM, cleaned of
 * ads, offers, prompts and sharing. A page too thin for a body (a podcast, a video, an app
 * shell) still gives everything it states. Never throws; undefined only for a page that
 * states no title and has no text at all. Every string is free of control characters.
 */
export function extractArticle(html: string, pageUrl: string): Article | undefined {
  // htmlparser2 through cheerio: several times faster than parse5, and metadata needs no HTML5 tree repair.
  const root = load(html, { xml: { xmlMode: false, decodeEntities: true } }).root().get(0)!;
  const index = indexPage(root);
  const base = absoluteUrl(index.byTag.get('base')?.[0]?.attribs.href, pageUrl) ?? pageUrl;
  const meta = readMetadata(index, base);
  const url = absoluteUrl(meta.url, base) ?? pageUrl;
  // Some pages set application-name to the headline: a site name is never one of the page's titles.
  const titles = new Set([...meta.titles, meta.documentTitle].map((t) => squash(t ?? '')));
  const appNames = meta.site.appNames.filter((name) => !titles.has(squash(name)));
  const readable = readableBody(index.byTag.get('body')?.[0] ?? root);
  const blocks = readable ? safely(() => bodyBlocks(readable.content, base).filter((block) => !isFurniture(block)), []) : [];
  // The canonical URL's host: the page may have been read from a mirror or a test server.
  const host = hostOf(url) || meta.site.host;
  const bylines = [...meta.bylines, readable?.byline ? [readable.byline] : []];
  const site = chooseSiteName({ ...meta.site, host, appNames, ...titleSuffix(meta.documentTitle, meta.titles[0], host, meta.site.feedTitles), ...compact({ bylineOutlet: outletInBylines(bylines.flat(), host) }) });
  const siteNames = [site, meta.site.publisher, meta.site.ogSiteName, ...meta.site.jsonLdNames, hostName(url)].filter((s): s is string => Boolean(s));
  const image = leadImage(meta.images, base, meta.contentImage);

  // A page with text but no title at all gives an empty title, as Readability does.
  const title = chooseTitle({ stated: meta.titles, ...compact({ headline: meta.headline, shared: meta.sharedTitle, documentTitle: meta.documentTitle }), headings: meta.headings, siteNames }) ?? '';
  if (!title && blocks.length === 0) return undefined;
  const author = chooseAuthor([...bylines, meta.creditedOrganisations], site, host);
  // The headline shown above the text (the title, or the page's own <h1> when the title is the declared one) is not body text.
  const headlines = [title, ...meta.headings];
  const body = blocks.filter((block) => !(block.kind === 'heading' && headlines.some((h) => sameText(block.text, h))) && !HATNOTE.test(block.text) && !isBylineLine(block, author, site));
  const paragraphs = withoutRepeats(body).map((block) => block.html);

  const article: Article = {
    title,
    url,
    paragraphs,
    ...compact({
      dek: statedSummary(meta.dek, siteNames) ?? openingParagraph(body, title),
      author,
      date: meta.date,
      site,
      image,
    }),
  };
  const sections = roundupSections(paragraphs);
  return sections ? { ...article, sections } : article;
}

/** The stated description, unless it is only the site's name ("Engadget"). */
function statedSummary(dek: string | undefined, names: string[]): string | undefined {
  return dek && !names.some((name) => squash(name) === squash(dek)) ? dek : undefined;
}

/** Without a stated summary, the opening paragraph is what a reader takes as one (never a heading, a list or a hatnote). */
function openingParagraph(blocks: BodyBlock[], title: string): string | undefined {
  const paragraphs = blocks.filter((b) => b.kind === 'paragraph' && !HATNOTE.test(b.text) && !sameText(b.text, title));
  const readsAsProse = (b: BodyBlock) => b.text.length >= 20 && b.text.split(' ').length >= 3;
  // An infobox's cells come before the prose on many pages; prose outside tables first.
  const text = (paragraphs.find((b) => !b.inTable && readsAsProse(b)) ?? paragraphs.find(readsAsProse) ?? paragraphs[0])?.text;
  if (!text) return undefined;
  if (text.length <= DEK_LENGTH) return text;
  const cut = text.slice(0, DEK_LENGTH);
  const sentence = cut.lastIndexOf('. ');
  return sentence > 80 ? cut.slice(0, sentence + 1) : cut.slice(0, cut.lastIndexOf(' ')) + '…';
}

/** The byline or its affiliation set as a line of its own: "Ana Ruiz Games Editor", "Ana Ruiz and Tom Reed • 8h", "Example News, Port Aro". */
function isBylineLine(block: BodyBlock, author: string | undefined, site: string | undefined): boolean {
  if (block.text.length > 120 || /[.!?]["”’]?$/.test(block.text)) return false;
  const line = block.text.toLowerCase().replace(/^by\s+/, '');
  const first = author?.split(/,| and /)[0]!.trim().toLowerCase();
  // The site's name written with punctuation around it ("| ExampleNews.com") counts as its name.
  return Boolean((first && line.startsWith(first)) || (site && site.length > 2 && squash(line).startsWith(squash(site)) && line.length < 80));
}

/**
 * Without pull quotes set as quotations (a short quote block whose words a longer block of the body
 * already holds), and without a short line set more than once (a widget's label: "Most popular Reactions").
 */
function withoutRepeats(blocks: BodyBlock[]): BodyBlock[] {
  const words = blocks.map((block) => ` ${block.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `);
  const seen = new Map<string, number>();
  for (const [i, block] of blocks.entries()) if (block.text.length < SHORT_LINE && block.kind !== 'item') seen.set(words[i]!, (seen.get(words[i]!) ?? 0) + 1);
  return blocks.filter((block, i) => {
    const own = words[i]!;
    if ((seen.get(own) ?? 0) > 1) return false;
    if (block.kind !== 'quote' || block.text.length > 300 || own.trim().split(' ').length < 6) return true;
    return !words.some((other, j) => j !== i && other.length > own.length && other.includes(own));
  });
}

/** A body reader's result, or the fallback when a pathological page defeats it: the metadata still counts. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function sameText(a: string, b: string): boolean {
  return clean(a).toLowerCase() === clean(b).toLowerCase();
}

function hostName(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '').split('.').at(-2);
  } catch {
    return undefined;
  }
}
