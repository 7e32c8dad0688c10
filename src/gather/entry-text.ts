import { decodeHTML } from 'entities';
import { stripControls } from '../scrape/plain-text.js';
import { sanitizeForEmail } from '../issue/sanitize.js';
import type { RawEntry, SourceEntry } from './entry.js';

/**
 * Entries as plain text, their HTML sanitised exactly like item HTML first (scripts, styles
 * and their text dropped), without control characters; an untitled entry titled by its text's
 * opening words. Done once when a page is parsed; the result is what the cache keeps.
 */
export function toSourceEntries(raw: readonly RawEntry[]): SourceEntry[] {
  return raw.map((entry) => {
    const summary = safeText(entry.summaryHtml, entry.url);
    return {
      title: safeText(entry.title, entry.url) || openingWords(summary),
      url: entry.url,
      // An id is compared, never shown; still, nothing from a source is kept with control characters.
      ...(entry.id ? { id: stripControls(entry.id) } : {}),
      summary,
      dates: entry.dates.map(stripControls),
    };
  });
}

const TITLE_LENGTH = 100;

/**
 * The title of an entry that has none (a microblog post, a status update), as readers show it:
 * its text's first sentence, or its first words up to a title's length, with an ellipsis when cut.
 */
function openingWords(text: string): string {
  if (text.length <= TITLE_LENGTH) return text;
  const sentence = /^.{20,}?[.!?](?=\s)/.exec(text.slice(0, TITLE_LENGTH))?.[0];
  if (sentence) return sentence;
  const cut = text.slice(0, TITLE_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

/** Text without tags needs only its entities decoded. */
function safeText(html: string, url: string): string {
  return htmlToText(html.includes('<') ? sanitizeForEmail(html, url || undefined).html : html);
}

/**
 * Text of sanitised HTML: block ends become spaces, entities are decoded, control characters
 * (a feed's ESC and OSC sequences, also written as `&#27;`) dropped, whitespace collapsed.
 */
export function htmlToText(html: string): string {
  return stripControls(decodeHTML(html.replace(/<\/(p|li|blockquote|h\d|div|pre)>|<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '')))
    .replace(/\s+/g, ' ')
    .trim();
}
