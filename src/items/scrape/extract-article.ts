import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { compact } from '../../compact.js';
import { sanitizeForEmail } from '../../sanitize.js';
import { clean, readMetadata } from './metadata.js';

export interface RoundupSections {
  /** Paragraphs before the news section: the lead analysis. */
  lead: string[];
  /** One entry per em-dash bullet under "In other diplomatic news…". */
  news: string[];
  newsHeading: string;
  /** Paragraphs under "…State Department news:". */
  stateDept: string[];
  stateDeptHeading?: string;
}

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
  /** The body as clean inline-HTML paragraphs, links kept and absolute. */
  paragraphs: string[];
  /** Present when the page is a Diplomacy Watch-style roundup. */
  sections?: RoundupSections;
}

// Blocks that are not the article, whatever their position: navigation, sharing, related rails, sign-ups, comments, ads.
const NOT_CONTENT = [
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'form', 'button', 'nav', 'aside', 'footer', 'header', 'figcaption', 'select', 'input',
  '[role="navigation"]', '[role="banner"]', '[role="complementary"]', '[role="contentinfo"]', '[aria-hidden="true"]', '[hidden]',
].join(',');
const UNLIKELY = /(^|[\s_-])(share|sharing|social|related|recirc|newsletter|subscribe|signup|sign-up|comment|promo|advert|ads?|sponsor|sidebar|breadcrumb|keep-reading|more-stories|popular|trending|outbrain|taboola|toolbar|menu|modal|popup|cookie|paywall|tags?|author-bio|caption)([\s_-]|$)/i;
const CONTAINERS = ['[itemprop="articleBody"]', '.article-body', '.article__body', '.story-body', '.entry-content', '.post-content', '.post-body', 'article', 'main', '[role="main"]', '#content', 'body'];
const BOILERPLATE_TEXT = /^(advertisement|show (less|more)|keep reading|read more|related:?|share( this)?|sign up.*|subscribe.*)$/i;
const MIN_ARTICLE_TEXT = 80;
const BLOCK_CHILDREN = 'p, div, ul, ol, table, h1, h2, h3, h4, h5, h6, blockquote, section, article, pre, figure, header, footer';
const NEWS_HEADING = /^in other (diplomatic )?news\b/i;
const STATE_HEADING = /state department news:?$/i;

/**
 * Reads an article out of a page: metadata from JSON-LD, OpenGraph, Twitter cards and meta tags
 * (in that order of trust), and the body as clean paragraphs. Pure: the page is fetched elsewhere.
 * Returns undefined for a page without an article (no title, or almost no text).
 */
export function extractArticle(html: string, pageUrl: string): Article | undefined {
  const $ = load(html);
  const base = absolute($('base[href]').attr('href'), pageUrl) ?? pageUrl;
  const meta = readMetadata($);
  // Read before bodyParagraphs() strips headers and other page furniture.
  const headings = $('h1').map((_, h) => clean($(h).text())).get();
  const paragraphs = bodyParagraphs($, base);
  const title = chooseTitle(meta.titles ?? [], headings, meta.site, absolute(meta.url, base) ?? pageUrl);
  const bodyText = paragraphs.map(textOf).join(' ');
  if (!title || bodyText.length < MIN_ARTICLE_TEXT) return undefined;

  const article: Article = {
    title,
    url: absolute(meta.url, base) ?? pageUrl,
    paragraphs,
    ...compact({
      dek: meta.dek ?? firstParagraph(paragraphs.map(textOf)),
      author: meta.author ? cleanAuthor(meta.author) : undefined,
      date: meta.date ? isoDate(meta.date) : undefined,
      site: meta.site,
      image: absolute(meta.image, base),
    }),
  };
  const sections = roundupSections(paragraphs);
  return sections ? { ...article, sections } : article;
}

function bodyParagraphs($: CheerioAPI, base: string): string[] {
  $(NOT_CONTENT).remove();
  $('[class], [id]').each((_, element) => {
    const el = $(element);
    const label = `${el.attr('class') ?? ''} ${el.attr('id') ?? ''}`;
    if (UNLIKELY.test(label) && !el.is('body, html, article, main') && el.find('p').length < 3) el.remove();
  });
  const container = chooseContainer($);
  const blocks = container.find('p, h2, h3, h4, blockquote, li, div').filter((_, element) => {
    const el = $(element);
    // A <div> counts only when it holds text itself, as some pages write paragraphs without <p>.
    if (el.is('div') && (el.children(BLOCK_CHILDREN).length > 0 || clean(el.text()).length < 40)) return false;
    // Only the outermost block: a <p> inside a <blockquote> or <li> comes with its parent.
    return el.parents('p, blockquote, li').filter((__, parent) => container.has(parent).length > 0).length === 0;
  });
  const paragraphs: string[] = [];
  blocks.each((_, element) => {
    const el = $(element);
    const text = clean(el.text());
    if (!text || BOILERPLATE_TEXT.test(text)) return;
    if (el.is('li') && text.length < 40) return;
    const { html } = sanitizeForEmail(el.html() ?? '', base);
    const inline = html.replace(/<\/?(p|h[1-6]|blockquote|ul|ol|li|hr|img)\b[^>]*>/gi, ' ').replace(/\s+/g, ' ').trim();
    if (inline) paragraphs.push(inline);
  });
  return paragraphs;
}

/** The candidate holding the most paragraph text. */
function chooseContainer($: CheerioAPI): Cheerio<Element> {
  let best: Cheerio<Element> = $('body');
  let bestScore = -1;
  for (const selector of CONTAINERS) {
    $(selector).each((_, element) => {
      const el = $(element);
      const score = el
        .find('p')
        .toArray()
        .reduce((sum, p) => sum + clean($(p).text()).length, 0);
      // Prefer a specific container to <body> unless it holds clearly less of the text.
      const weighted = selector === 'body' ? score * 0.7 : score;
      if (weighted > bestScore) {
        best = el as Cheerio<Element>;
        bestScore = weighted;
      }
    });
  }
  return best;
}

/** Splits a roundup page into its lead analysis, news bullets and State Department note. */
export function roundupSections(paragraphs: string[]): RoundupSections | undefined {
  const texts = paragraphs.map(textOf);
  const newsAt = texts.findIndex((t) => NEWS_HEADING.test(t) && t.length < 200);
  if (newsAt < 0) return undefined;
  const stateAt = texts.findIndex((t, i) => i > newsAt && STATE_HEADING.test(t) && t.length < 120);
  const end = stateAt < 0 ? paragraphs.length : stateAt;
  const news = paragraphs
    .slice(newsAt + 1, end)
    .filter((_, i) => /^\s*[—–-]/.test(texts[newsAt + 1 + i]!))
    .map((html) => html.replace(/^\s*(?:—|–|-|&mdash;|&ndash;)\s*/, ''));
  const sections: RoundupSections = { lead: paragraphs.slice(0, newsAt), news, newsHeading: texts[newsAt]!, stateDept: [] };
  if (stateAt >= 0) {
    sections.stateDeptHeading = texts[stateAt]!;
    // The note is short; what follows it on real pages is the author bio or related reads.
    sections.stateDept = paragraphs.slice(stateAt + 1, stateAt + 3).filter((_, i) => !/^[—–-]/.test(texts[stateAt + 1 + i] ?? ''));
  }
  return sections;
}

/**
 * The headline a reader sees: the stated title that matches an <h1>, else the most trusted one,
 * without a site-name suffix.
 */
function chooseTitle(titles: string[], headings: string[], site: string | undefined, url: string): string | undefined {
  const siteNames = [site, new URL(url).hostname.replace(/^www\./, '').split('.').at(-2)].filter((s): s is string => Boolean(s));
  const cleaned = titles.map((t) => cleanTitle(t, siteNames));
  const norm = (t: string | undefined) => clean(t).toLowerCase();
  // A masthead <h1> holding the site's own name is not the headline.
  const visible = new Set(headings.map(norm).filter((h) => !siteNames.some((name) => norm(name) === h)));
  const seen = cleaned.find((t) => visible.has(norm(t)));
  if (seen) return seen;
  // An <h1> that the document title contains is the headline even when no metadata states it.
  const documentTitle = norm(titles.at(-1));
  const heading = headings.find((h) => h.length > 10 && documentTitle.includes(norm(h)));
  return heading ?? cleaned[0] ?? headings[0];
}

const SEPARATOR = String.raw`\s+(?:\||-|–|—|::|·|»)\s+`;

/** Drops a " | Site name" (or " - ", " — ", " :: ") suffix or prefix from a page title. */
export function cleanTitle(title: string | undefined, siteNames: string[]): string | undefined {
  const value = clean(title);
  if (!value) return undefined;
  const suffix = new RegExp(`^(.*)${SEPARATOR}(.*)$`).exec(value);
  const prefix = new RegExp(`^(.*?)${SEPARATOR}(.*)$`).exec(value);
  if (!suffix || !prefix) return value;
  const names = siteNames.map((n) => clean(n).toLowerCase()).filter(Boolean);
  const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const isSite = (part: string) => names.some((name) => squash(part) === squash(name) || squash(name).includes(squash(part)) || squash(part).includes(squash(name)));
  if (isSite(suffix[2]!)) return suffix[1];
  if (isSite(prefix[1]!)) return prefix[2];
  // " | " and " · " rarely appear inside a headline: a short part after the last one is the site.
  const piped = /^(.*)\s+(?:\||·|::)\s+(.*)$/.exec(value);
  if (piped && piped[2]!.split(' ').length <= 4 && piped[1]!.split(' ').length >= 3) return piped[1];
  return value;
}

function cleanAuthor(author: string): string {
  return clean(author).replace(/^by\s+/i, '').replace(/\s*\|.*$/, '');
}

function isoDate(value: string): string | undefined {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return trimmed;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

/** Without a stated summary, the opening paragraph is what a reader takes as one. */
function firstParagraph(texts: string[]): string | undefined {
  const text = texts.find((t) => t.length >= 40) ?? texts[0];
  if (!text) return undefined;
  if (text.length <= 300) return text;
  const cut = text.slice(0, 300);
  const sentence = cut.lastIndexOf('. ');
  return sentence > 80 ? cut.slice(0, sentence + 1) : cut.slice(0, cut.lastIndexOf(' ')) + '…';
}

function textOf(html: string): string {
  return clean(load(`<div>${html}</div>`)('div').text());
}

function absolute(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
