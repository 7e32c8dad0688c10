import * as yaml from 'js-yaml';
import TurndownService from 'turndown';
import { escapeMarkup } from './plain-text.js';

/**
 * Writing items from scraped pages (`add`, `pick`): front matter plus a markdown body, page HTML
 * as markdown that cannot carry live markup, and file names from titles.
 */

const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', emDelimiter: '*' });
// Turndown escapes markdown but not `<` or bare URLs: text a page displays ("&lt;img …&gt;") would become live markup (issue 9.2).
const escapeForMarkdown = turndown.escape.bind(turndown);
turndown.escape = (text: string) => escapeMarkup(escapeForMarkdown(text));

/** A page's HTML (an article paragraph, a roundup bullet) as markdown whose text stays text. */
export function htmlToMarkdown(html: string): string {
  return turndown.turndown(html);
}

/** An item file: YAML front matter (CORE schema, as items are read), then the body. */
export function itemText(fields: Record<string, string | undefined>, body: string): string {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return `---\n${yaml.dump(defined, { lineWidth: -1, schema: yaml.CORE_SCHEMA })}---\n${body ? `${body}\n` : ''}`;
}

/** A file name part from a title: ASCII letters and digits, at most 60 characters. */
export function slug(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return base || 'item';
}
