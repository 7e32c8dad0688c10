// Small text helpers of an issue: dek paragraphs, the default subject, the preheader's words, the spelled date.
import { decodeHTML } from 'entities';
import sanitize from 'sanitize-html';
import { parseCalendarDate } from '../shared/week.js';

export /** A dek's paragraphs: blank lines separate them; a single line break is a wrapped line. */
function paragraphs(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/[ \t]*\n[ \t]*/g, ' ').trim())
    .filter(Boolean);
}

export function defaultSubject(name: string, title: string): string {
  return title.toLowerCase().startsWith(name.toLowerCase()) ? title : `${name}: ${title}`;
}

/** The first words of some HTML as plain text, cut at a word before `limit` characters. */
export function firstWords(html: string, limit: number): string {
  const spaced = html.replace(/<\/(?:p|li|blockquote|h[1-6])>/g, " $&");
  const text = decodeHTML(sanitize(spaced, { allowedTags: [], allowedAttributes: {} })).replace(/\s+/g, ' ').trim();
  if (text.length <= limit) return text;
  return text.slice(0, text.lastIndexOf(' ', limit)).replace(/[\s,;:.]+$/, '') + '…';
}

/** "Friday, December 29, 2023". */
export function spellDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    parseCalendarDate(date),
  );
}

/** Whether sanitised HTML shows nothing: no image and no text. */
export function isEmptyHtml(html: string): boolean {
  return !/<img\b/i.test(html) && !html.replace(/<[^>]*>/g, '').replace(/&nbsp;|&#160;/g, '').trim();
}

/** Only the fields that are set, so optional fields are absent rather than undefined. */
export function pickSet<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<Pick<T, K>>;
}
