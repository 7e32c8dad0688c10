import type { ItemKind } from '../items/item.js';
import type { Article } from '../scrape/extract-article.js';
import { canonicalUrl } from './canonical-url.js';
import type { Candidate } from './entry.js';
import { htmlToMarkdown, itemText, slug } from '../scrape/item-text.js';
import { escapeMarkdown } from '../scrape/plain-text.js';
import { firstSentences, newsBullet } from '../scrape/news-bullet.js';
import { htmlToText } from './entry-text.js';

export interface DraftedItem {
  /** File name for digests/<week>/, e.g. "news-envoys-meet-in-geneva.md". */
  name: string;
  content: string;
}

/**
 * A markdown item for the editor to rewrite, from a candidate and (when the page could be
 * read) its article. A news item is one bullet in the house style (scrape/news-bullet.ts). Pure.
 */
export function draftItem(candidate: Candidate, kind: ItemKind, article: Article | undefined): DraftedItem {
  const primary = candidate.links[0]!;
  const url = withoutTracking(primary.url);
  const title = article?.title ?? candidate.title;
  // The article's dek is plain text already ("5 < 7" is what it says, not a tag).
  const dek = article?.dek ?? (candidate.summary ? firstSentences(candidate.summary) : undefined);
  const date = candidate.day;
  switch (kind) {
    case 'state-dept':
      return { name: 'state-dept.md', content: itemText({ kind, date }, candidate.draft ?? bullet(candidate, article)) };
    case 'news':
      return { name: `news-${slug(title)}.md`, content: itemText({ kind, date, url, source: primary.outlet }, bullet(candidate, article)) };
    case 'lead': {
      const body = article?.paragraphs.length ? article.paragraphs.map((p) => htmlToMarkdown(p)).join('\n\n') : escapeMarkdown(candidate.summary);
      return {
        name: `lead-${slug(title)}.md`,
        content: itemText({ kind, date, title, dek, author: article?.author, url, image: article?.image }, body),
      };
    }
    case 'related':
      return { name: `related-${slug(title)}.md`, content: itemText({ kind, date, title, dek, url, image: article?.image }, '') };
  }
}

/** The gist, then the attribution with the link on the outlets' names. */
export function bullet(candidate: Candidate, article: Article | undefined): string {
  // The dek is plain text; a paragraph is HTML.
  const source = article?.dek ?? htmlToText(article?.paragraphs[0] ?? '');
  const gist = firstSentences(source || candidate.summary || candidate.title);
  // Outlets that only relayed another's article (the same URL) are not cited twice, nor an outlet with two links.
  const links = candidate.links.filter((link, i) => candidate.links.findIndex((other) => other.outlet === link.outlet || canonicalUrl(other.url) === canonicalUrl(link.url)) === i);
  return newsBullet(escapeMarkdown(gist), links.map((link) => ({ outlet: link.outlet, url: withoutTracking(link.url) })));
}

/** The link without its tracking parameters (utm_* and the like), otherwise as published. */
function withoutTracking(address: string): string {
  try {
    const url = new URL(address);
    const kept = canonicalUrl(address).split('?')[1];
    url.search = kept ? `?${kept}` : '';
    return url.href;
  } catch {
    return address;
  }
}
