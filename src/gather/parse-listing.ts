import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { escapeHtml } from '../scrape/plain-text.js';
import { absoluteHttpUrl } from './absolute-url.js';
import type { RawEntry } from './entry.js';
import { SourceError } from './source-error.js';

export interface ListingSelectors {
  /** Each element matching this is one entry. */
  entries: string;
  /** The entry's link, inside the entry (default: the entry itself when it is a link, else its first link). */
  link?: string;
  /** The title (default: the link's text). */
  title?: string;
  summary?: string;
  /** Where the date is: a selector inside the entry (default "time"; the first match that holds a date wins), or "url" for a date in the link. */
  date?: string;
  /** Read the date from this attribute instead of the text (default: `datetime` when present). */
  dateAttribute?: string;
}

/** The link's date when written in its path: /2024/03/05/ or 2024-03-05. */
const DATE_IN_URL = /(?:^|\/)(\d{4})[/-](\d{2})[/-](\d{2})(?=[/-]|$)/;

/**
 * Reads the entries of an HTML page of links (a ministry's or think tank's list of statements),
 * as the config's selectors say. Entries come in page order; each carries every text that may
 * be its date, the caller's date parser picks the first that is one.
 */
export function parseListingEntries(html: string, pageUrl: string, selectors: ListingSelectors, field = 'listing'): RawEntry[] {
  const $ = load(html);
  const base = $('base[href]').attr('href') ?? pageUrl;
  const entries = select($, $.root(), selectors.entries, `${field}.entries`);
  if (entries.length === 0) {
    throw new SourceError(`no element on the page matches ${field}.entries "${selectors.entries}"`, "The page's layout may have changed: open it, and update the selector in the config.");
  }
  return entries.toArray().map((element) => {
    const item = $(element);
    const link = selectors.link ? select($, item, selectors.link, `${field}.link`).first() : item.is('a[href]') ? item : item.find('a[href]').first();
    const url = absoluteHttpUrl(link.attr('href'), base) ?? '';
    const titleElement = selectors.title ? select($, item, selectors.title, `${field}.title`).first() : link;
    const summary = selectors.summary ? select($, item, selectors.summary, `${field}.summary`).first() : undefined;
    return {
      title: escapeText(titleElement.text()),
      url,
      summaryHtml: summary?.html() ?? '',
      dates: dateTexts($, item, selectors, url, field),
    };
  });
}

function dateTexts($: CheerioAPI, item: Cheerio<Element>, selectors: ListingSelectors, url: string, field: string): string[] {
  if (selectors.date === 'url') {
    const match = DATE_IN_URL.exec(url ? new URL(url).pathname : '');
    return match ? [`${match[1]}-${match[2]}-${match[3]}`] : [];
  }
  const found = select($, item, selectors.date ?? 'time', `${field}.date`);
  return found
    .toArray()
    .map((element) => {
      const node = $(element);
      const attribute = selectors.dateAttribute ?? (node.attr('datetime') ? 'datetime' : undefined);
      return (attribute ? node.attr(attribute) : node.text()) ?? '';
    })
    .filter((text) => text.trim() !== '');
}

/** A bad selector is the config's fault: say which field. */
function select($: CheerioAPI, context: Cheerio<AnyNode>, selector: string, field: string): Cheerio<Element> {
  try {
    return context.find(selector);
  } catch (error) {
    throw new SourceError(`${field} "${selector}" is not a valid CSS selector (${(error as Error).message})`, 'Fix the selector in the config.');
  }
}

/** Cheerio's text is decoded; entries carry HTML, so it is escaped again. */
function escapeText(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' ').trim());
}
