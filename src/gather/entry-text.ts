import { decodeHTML } from 'entities';
import { stripControls } from '../scrape/plain-text.js';
import { sanitizeForEmail } from '../issue/sanitize.js';
import type { RawEntry, SourceEntry } from './entry.js';

/**
 * Entries as plain text, their HTML sanitised exactly like item HTML first (scripts, styles
 * and their text dropped), without control characters. Done once when a page is parsed; the
 * result is what the cache keeps.
 */
export function toSourceEntries(raw: readonly RawEntry[]): SourceEntry[] {
  return raw.map((entry) => ({
    title: safeText(entry.title, entry.url),
    url: entry.url,
    // An id is compared, never shown; still, nothing from a source is kept with control characters.
    ...(entry.id ? { id: stripControls(entry.id) } : {}),
    summary: safeText(entry.summaryHtml, entry.url),
    dates: entry.dates.map(stripControls),
  }));
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
