import { escapeAttribute, escapeText } from 'entities';
import { dateFromText } from './published-date.js';
import { clean, stripControls } from './plain-text.js';
import type { DomNode } from './readable-body.js';

/** One block of the article body: its kind, inline HTML (links kept, absolute) and plain text. */
export interface BodyBlock {
  kind: 'paragraph' | 'heading' | 'item' | 'quote' | 'code';
  html: string;
  text: string;
  /** Inside a table: an infobox or a layout table. */
  inTable?: boolean;
}

const ELEMENT = 1;
const TEXT = 3;
const BLOCK_KIND: Record<string, BodyBlock['kind']> = { p: 'paragraph', dd: 'paragraph', dt: 'paragraph', address: 'paragraph', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading', h1: 'heading', li: 'item', blockquote: 'quote', pre: 'code' };
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr']);
const KEPT_INLINE: Record<string, string> = { em: 'em', i: 'em', strong: 'strong', b: 'strong', sub: 'sub', sup: 'sup', code: 'code', s: 's', del: 's', strike: 's' };

/** The content's text blocks in reading order, as clean inline HTML; tables and sections are read through. */
export function bodyBlocks(content: DomNode, base: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let run = '';
  let tables = 0;
  const push = (kind: BodyBlock['kind'], html: string) => {
    const inline = html.replace(/\s+/g, ' ').replace(/<(em|strong|sub|sup|code|s)>\s*<\/\1>/g, ' ').trim();
    const text = clean(textOfInline(inline));
    if (text) blocks.push({ kind, html: inline, text, ...(tables > 0 ? { inTable: true } : {}) });
  };
  const flush = () => {
    if (run.trim()) push('paragraph', run);
    run = '';
  };
  const walk = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === TEXT) run += escapeText(stripControls(child.textContent ?? ''));
      if (child.nodeType !== ELEMENT) continue;
      const tag = child.nodeName.toLowerCase();
      // An inline element wrapped around paragraphs (a link around a whole teaser) is read through.
      if (INLINE.has(tag) && !hasBlockChild(child)) {
        run += inlineHtml(child, base);
        continue;
      }
      flush();
      const kind = BLOCK_KIND[tag];
      // A list item or quote made of paragraphs is read as those paragraphs.
      if ((kind === 'item' || kind === 'quote') && hasParagraphs(child)) walk(child);
      else if (kind) push(kind, inlineHtml(child, base));
      else if (tag === 'table') {
        tables++;
        walk(child);
        flush();
        tables--;
      } else if (tag !== 'hr') walk(child);
    }
  };
  walk(content);
  flush();
  return blocks;
}

function hasBlockChild(node: DomNode): boolean {
  return Array.from(node.childNodes).some((child) => child.nodeType === ELEMENT && BLOCK_KIND[child.nodeName.toLowerCase()] !== undefined);
}

function hasParagraphs(node: DomNode): boolean {
  return Array.from(node.childNodes).filter((child) => child.nodeType === ELEMENT && child.nodeName.toLowerCase() === 'p').length > 1 || Array.from(node.childNodes).some((child) => child.nodeType === ELEMENT && child.nodeName.toLowerCase() === 'p' && (child.textContent ?? '').length > 80);
}

/** A node's content as inline HTML: emphasis and absolute links kept, everything else reduced to its text. */
function inlineHtml(node: DomNode, base: string): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT) out += escapeText(stripControls(child.textContent ?? ''));
    if (child.nodeType !== ELEMENT) continue;
    const tag = child.nodeName.toLowerCase();
    const inner = tag === 'br' ? ' ' : inlineHtml(child, base);
    if (tag === 'a') {
      const href = linkTarget(child.getAttribute?.('href'), base);
      out += href && inner.trim() ? `<a href="${escapeAttribute(href)}">${inner}</a>` : inner;
    } else if (KEPT_INLINE[tag]) out += `<${KEPT_INLINE[tag]}>${inner}</${KEPT_INLINE[tag]}>`;
    else out += INLINE.has(tag) ? inner : ` ${inner} `;
  }
  return out;
}

function linkTarget(href: string | null | undefined, base: string): string | undefined {
  if (!href || href.trim().startsWith('#')) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function textOfInline(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

// Page furniture that survives inside article containers: labels, prompts, sign-ups, offers, credits.
const FURNITURE_LINE =
  /^(advertisement|advertising|ad|sponsored( content)?|paid (content|post)|partner content|story continues below( this)?( advertisement| ad)?|continue reading( (below|the main story))?|skip (advertisement|ad)|supported by|show (less|more)|keep reading|read more|read next|more|related|related (articles|stories|coverage|content|reading|topics)|see also|most (read|popular)|share|share this( article| story| page)?|(share|tweet|email|print)( (on|via) \w+)?|listen( to (this )?article)?|image|photo|video|caption|loading|copyright|all rights reserved|recommended|trending( now)?|editor'?s picks?)[.!:…]?$/i;
const PROMPTS = [
  /^(sign up|subscribe|register|join|get|want)\b.{0,160}\b(newsletters?|briefings?|inbox|e-?mails?|updates|alerts|digest)\b/i,
  /\bnewsletters?\b.{0,100}\b(sign up|subscribe|delivered|inbox)\b/i,
  /\bwe('re| are| would)? (interested in|value|welcome|appreciate|love to hear|like to hear) (your )?(feedback|thoughts|comments)\b/i,
  /\b(give|send|share with) us (your )?feedback\b|\bfeedback on this (page|article|story)\b/i,
  /\b(was|is|did you find) this (article|page|story|content) (helpful|useful)\b/i,
  /\b(tell|let) us (what you think|know what you think)\b/i,
  /\b(rate|report an? (error|issue|typo) (on|in)) this (article|story|page)\b/i,
  /\b(partner offers?|offers? from (our )?partners|sponsored (offers?|links?|products?)|advertiser disclosure)\b/i,
  /\bwe (may )?(earn|receive) (a )?(small )?(commission|compensation|affiliate)\b/i,
  /^follow (us|@\w+)\b|^follow [\w. ]{1,30} on (twitter|x|facebook|instagram|linkedin|bluesky|threads|mastodon|tiktok|youtube)\b/i,
  /^(click|tap) here\b/i,
  /^(enter your e-?mail|subscribe (to|for)\b|sign up (to|for)\b)|\b(subscribe|sign up)\b.{0,80}\b(notifications?|new posts|by e-?mail)\b/i,
  /^(download|get) (our|the) (free )?app\b/i,
  /\b(become a (sustaining |paying )?(member|supporter|subscriber)|support (our|independent|local) journalism|make a (gift|donation)|donate (now|today))\b/i,
  /\b(this (article|story|content) (contains|may contain|includes) affiliate links)\b/i,
];
// Only as a whole short line: "Mortgage & Savings Powered by LendingTree", "Updated March 3", "Photo: Agency".
const SHORT_LINES = [/\bpowered by\b/i, /^(updated|published|posted|last updated|first published)\b/i, /^(©|\(c\)|copyright\b)/i, /^(photo|image|illustration|video|graphic|map)( credit)?s?\s*:/i, /^[Bb]y\s+\p{Lu}/u,
  /^(additional )?(reporting|writing|editing|research|graphics) by\b/i, /^(listen|watch|play|audio|video)\b.{0,12}\d{1,2}:\d{2}/i];
// "Read more: <link>", "Related: <link>", "Our standards: <link>": a short label, then links elsewhere.
const RECIRCULATION = /^[\p{L}'’ ]{2,30}:/u;

/**
 * True for a block that is page furniture rather than the article: an ad label, a share or
 * sign-up prompt, a partner offer, a feedback prompt, a credit, a byline or dateline line,
 * or a short line of links to other stories.
 */
export function isFurniture(block: BodyBlock): boolean {
  const { text } = block;
  if (FURNITURE_LINE.test(text) || !/\p{L}/u.test(text)) return true;
  if (text.length < 280 && PROMPTS.some((prompt) => prompt.test(text))) return true;
  if (text.length < 120 && !/[.!?]["”’]?$/.test(text) && SHORT_LINES.some((line) => line.test(text))) return true;
  if (text.length < 60 && dateFromText(text) && text.replace(/[\d\s,.:/-]|\b[a-z]{3,9}\b|am|pm/gi, '').length < 8) return true;
  const linked = linkedText(block.html);
  if (linked > 0 && text.length < 200 && RECIRCULATION.test(text) && linked >= 0.5 * (text.length - text.indexOf(':'))) return true;
  // A short line that is all link and no sentence: a headline pointing elsewhere.
  return block.kind !== 'heading' && text.length < 150 && linked >= 0.9 * text.length && !/[.!?]["”’]?$/.test(text);
}

function linkedText(html: string): number {
  let total = 0;
  for (const match of html.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)) total += clean(textOfInline(match[1]!)).length;
  return total;
}
