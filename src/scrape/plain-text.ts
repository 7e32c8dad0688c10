import { stripVTControlCharacters } from 'node:util';
import { decodeHTML, escapeText } from 'entities';

// C0 and C1 controls; tab, newline and carriage return are whitespace, handled by clean().
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Page text with terminal escapes (ESC, OSC, CSI sequences) and every other control character
 * removed: scraped text reaches terminals, file names, subjects and HTML (issue 9.3).
 */
export function stripControls(value: string): string {
  return stripVTControlCharacters(value).replace(CONTROLS, '');
}

/** One line of page text: no controls, whitespace collapsed. */
export function clean(value: string | undefined): string {
  return stripControls(value ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Text from a meta tag, which pages often escape twice ("That&amp;#039;s"): entities decoded
 * until stable, and a quote a template escaped for a script ("World\'s") unescaped. An escape
 * character between letters is an apostrophe written "&#27;" (its hex code as a decimal one).
 */
export function metadataText(value: string | undefined): string {
  // Only between letters ("island&#27;s"): an escape before "[" or "]" starts a terminal sequence, stripped later.
  let text = (value ?? '').replace(/(?<=\p{L})(?:\u001b|&#0*27;)(?=\p{L})/gu, "'");
  for (let i = 0; i < 2 && /&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i.test(text); i++) text = decodeHTML(text);
  return clean(text.replace(/\\(['"])/g, '$1'));
}

/** A JSON-LD string or a meta description, which some CMSs fill with markup ("<em>word</em>", "<a href=…>") as well as entities. */
export function textWithoutMarkup(value: string | undefined): string {
  const text = metadataText(value);
  return /<\/?[a-z][^>]*>/i.test(text) ? clean(text.replace(/<\/?[a-z][^>]*>/gi, ' ')).replace(/ ([,.;:!?])/g, '$1') : text;
}

/** Plain text as HTML text: `&`, `<` and `>` escaped, nothing else changed. */
export function escapeHtml(text: string): string {
  return escapeText(text);
}

/**
 * Plain text as markdown that renders as exactly that text: emphasis, code and link characters
 * backslash-escaped, a line start that would open a heading, quote or list, and what
 * `escapeMarkup` escapes, so nothing in it becomes a link, an image or an HTML tag (issue 9.2).
 */
export function escapeMarkdown(text: string): string {
  return escapeMarkup(
    text
      .replace(/[\\`*_[\]>~|]/g, '\\$&')
      .replace(/^(\s*)(#|\+|-|=)/gm, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/gm, '$1\\$2'),
  );
}

/**
 * What markdown would turn into markup even in otherwise escaped text: `<` (a tag), an entity,
 * and the parts of URLs and addresses that its linkify step turns into links.
 */
export function escapeMarkup(markdown: string): string {
  return markdown
    .replace(/[<@]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/\b([a-z][a-z\d+.-]*):(?=\/\/)/gi, '$1\\:')
    .replace(/\bwww\./gi, 'www\\.');
}
