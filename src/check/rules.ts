import { load } from 'cheerio';
import type { Config } from '../config/schema.js';
import type { Manifest } from '../built/manifest.js';
import { PLACEHOLDERS } from '../issue/placeholders.js';
import { GMAIL_CLIP_BYTES } from '../render/limits.js';
import { error, warning, type Finding } from './finding.js';

export const SIZE_WARNING_BYTES = 80_000;
export const SUBJECT_MAX = 78;
export const PREHEADER_MAX = 150;

export interface PreflightInput {
  manifest: Manifest;
  /** issue.html as built, placeholders and all. */
  html: string;
  text: string;
  /** issue.html personalised for the subscriber with the longest values. */
  largestPersonalisedHtml: string;
  /** The raw MIME message `send` would build for one subscriber. */
  sampleMessage: string;
  config: Config;
}

/** Every rule that needs no network, in one pass. Pure. */
export function preflight(input: PreflightInput): Finding[] {
  return [...sizeRules(input), ...activeContentRules(input.html), ...markupRules(input.html), ...headerRules(input), ...sectionRules(input.manifest), ...unsubscribeRules(input), ...placeholderRules(input)];
}

function sizeRules({ largestPersonalisedHtml }: PreflightInput): Finding[] {
  const bytes = Buffer.byteLength(largestPersonalisedHtml);
  const size = `${(bytes / 1000).toFixed(1)} KB`;
  if (bytes > GMAIL_CLIP_BYTES) return [error('size', `the personalised HTML is ${size}, over Gmail's ~102 KB limit: Gmail will clip it`, 'issue.html')];
  if (bytes > SIZE_WARNING_BYTES) return [warning('size', `the personalised HTML is ${size}, close to Gmail's ~102 KB clipping limit`, 'issue.html')];
  return [];
}

function markupRules(html: string): Finding[] {
  const $ = load(html);
  const findings: Finding[] = [];
  $('img').each((_, img) => {
    if (!($(img).attr('alt') ?? '').trim()) findings.push(warning('image-alt', `image without alt text: ${$(img).attr('src') ?? '(no src)'}`, 'issue.html <img>'));
  });
  $('a').each((_, a) => {
    const href = ($(a).attr('href') ?? '').trim();
    const label = $(a).text().replace(/\s+/g, ' ').trim().slice(0, 40) || '(no text)';
    const where = `issue.html <a> "${label}"`;
    if (!href) findings.push(warning('link', 'empty link', where));
    else if (Object.values(PLACEHOLDERS).includes(href as never)) return;
    else if (SCRIPT_URL.test(href)) return; // an active-content error already
    else if (/^http:/i.test(href)) findings.push(warning('link', `insecure http: link ${href}`, where));
    else if (!/^(https:|mailto:)/i.test(href)) findings.push(warning('link', `relative or unknown link ${href}`, where));
  });
  return findings;
}

// Elements that run code, load another document or take input: none belongs in an email.
const ACTIVE_ELEMENTS = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'textarea', 'base', 'portal'];
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'poster', 'lowsrc', 'dynsrc', 'srcset'];
const SCRIPT_URL = /^\s*(?:javascript|vbscript|livescript):|^\s*data:(?!image\/(?:png|gif|jpe?g|webp);)/i;

/**
 * Active content from any source (an item, a scraped page, a template, a hand edit): scripts,
 * event handlers, script URLs, frames, forms. Mail clients strip most of it; one that does not
 * runs it, and filters mark the message as spam either way.
 */
function activeContentRules(html: string): Finding[] {
  const $ = load(html);
  const findings: Finding[] = [];
  const tagOf = (element: Parameters<typeof $>[0]) => String($(element).prop('tagName') ?? '').toLowerCase();
  $(ACTIVE_ELEMENTS.join(',')).each((_, element) => {
    const tag = tagOf(element);
    findings.push(error('active-content', `<${tag}> element: email cannot carry ${tag === 'form' || tag === 'input' || tag === 'button' ? 'forms' : 'active content'}`, `issue.html <${tag}>`));
  });
  $('meta[http-equiv]').each((_, meta) => {
    if (/refresh/i.test($(meta).attr('http-equiv') ?? '')) findings.push(error('active-content', '<meta http-equiv="refresh"> redirects the reader', 'issue.html <meta>'));
  });
  $('*').each((_, element) => {
    for (const [name, value] of Object.entries($(element).attr() ?? {})) {
      const where = `issue.html <${tagOf(element)} ${name}>`;
      if (/^on/i.test(name)) findings.push(error('active-content', `event handler ${name}="${value.slice(0, 40)}"`, where));
      else if (name === 'srcdoc') findings.push(error('active-content', 'srcdoc embeds another document', where));
      else if (URL_ATTRIBUTES.includes(name) && SCRIPT_URL.test(value)) findings.push(error('active-content', `script URL ${value.slice(0, 60)}`, where));
      else if (name === 'style' && /expression\s*\(|javascript:|behavior\s*:/i.test(value)) findings.push(error('active-content', `script in a style attribute: ${value.slice(0, 60)}`, where));
    }
  });
  // Outlook's conditional comments are markup too, hidden from every other parser.
  for (const [, comment] of html.matchAll(/<!--([\s\S]*?)-->/g)) {
    const active = /<(?:script|iframe|object|embed|form)\b|\son[a-z]+\s*=|javascript:/i.exec(comment!);
    if (active) findings.push(error('active-content', `active content inside a comment: ${active[0].trim()}`, 'issue.html <!-- -->'));
  }
  return findings;
}

function headerRules({ manifest }: PreflightInput): Finding[] {
  const findings: Finding[] = [];
  if ([...manifest.subject].length > SUBJECT_MAX) {
    findings.push(warning('subject-length', `the subject has ${[...manifest.subject].length} characters; inboxes cut it after about ${SUBJECT_MAX}`, 'subject'));
  }
  if (!manifest.preheader.trim()) findings.push(error('preheader', 'no preheader: give the lead a dek or a `preheader:`', 'preheader'));
  else if ([...manifest.preheader].length > PREHEADER_MAX) {
    findings.push(warning('preheader-length', `the preheader has ${[...manifest.preheader].length} characters; inboxes show about ${PREHEADER_MAX}`, 'preheader'));
  }
  return findings;
}

function sectionRules(manifest: Manifest): Finding[] {
  const findings: Finding[] = [];
  if (!manifest.items.some((item) => item.kind === 'lead')) findings.push(error('lead', 'the issue has no lead analysis', 'issue.json'));
  if (manifest.sections.news === 0) findings.push(warning('news', 'no "In other diplomatic news" bullets this week', 'issue.json'));
  if (!manifest.sections.stateDept) findings.push(warning('state-dept', 'no State Department note this week', 'issue.json'));
  return findings;
}

const TOKEN = /%%[A-Z_]+%%/g;
const KNOWN_TOKENS: readonly string[] = Object.values(PLACEHOLDERS);
// What may stand next to a placeholder shown as text without making it part of an address.
const APART = /[\s()[\]<>"'“”‘’«»]/;

/**
 * `send` fills every placeholder with the reader's own value, so only the templates may place
 * them, where the reader alone sees them: the unsubscribe link as a link's whole address, the
 * greeting as words of text. One inside another address (`https://elsewhere/?u=%%UNSUBSCRIBE_URL%%`)
 * would hand each reader's one-click unsubscribe link, or name, to that site.
 */
function placeholderRules({ html, text }: PreflightInput): Finding[] {
  const findings: Finding[] = [];
  const $ = load(html);
  $('*').each((_, element) => {
    const tag = String($(element).prop('tagName') ?? '').toLowerCase();
    for (const [name, value] of Object.entries($(element).attr() ?? {})) {
      if (!value.match(TOKEN) || (tag === 'a' && name === 'href' && value === PLACEHOLDERS.unsubscribeUrl)) continue;
      findings.push(error('placeholder', `a per-reader placeholder inside an attribute: ${name}="${value.slice(0, 80)}"; send would write each reader's own value there`, `issue.html <${tag} ${name}>`));
    }
  });
  const textNodes = $('body, body *')
    .contents()
    .filter((_, node) => node.type === 'text')
    .map((_, node) => $(node).text())
    .get();
  for (const [where, chunks] of [['issue.html', textNodes], ['issue.txt', [text]]] as const) {
    for (const chunk of chunks) {
      for (const match of chunk.matchAll(TOKEN)) {
        const before = chunk[match.index - 1];
        const after = chunk[match.index + match[0].length];
        const glued = (before !== undefined && !APART.test(before)) || (after !== undefined && !APART.test(after) && !/[,.;:!?]/.test(after));
        if (!KNOWN_TOKENS.includes(match[0])) findings.push(error('placeholder', `${match[0]} is no placeholder send fills`, where));
        else if (glued) findings.push(error('placeholder', `${match[0]} joined to other text ("${chunk.slice(Math.max(0, match.index - 30), match.index + match[0].length + 10).trim()}"): a link around it would carry each reader's own value`, where));
      }
    }
  }
  return findings;
}

function unsubscribeRules({ html, text, sampleMessage, config }: PreflightInput): Finding[] {
  const findings: Finding[] = [];
  const headers = sampleMessage.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  if (!/^List-Unsubscribe: <https:\/\/[^>]+>/im.test(headers)) findings.push(error('unsubscribe-header', 'messages would lack an HTTPS List-Unsubscribe header', 'message headers'));
  if (!/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/im.test(headers)) findings.push(error('one-click', 'messages would lack List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'message headers'));
  if (!load(html)(`a[href="${PLACEHOLDERS.unsubscribeUrl}"]`).length) findings.push(error('unsubscribe-link', `no visible unsubscribe link (an <a href="{{ placeholders.unsubscribeUrl }}">) in the HTML`, 'issue.html'));
  if (!text.includes(PLACEHOLDERS.unsubscribeUrl)) findings.push(error('unsubscribe-link', 'no unsubscribe link in the plain-text part', 'issue.txt'));
  if (!config.unsubscribe.url.startsWith('https://')) findings.push(error('unsubscribe-header', `unsubscribe.url must be an https:// URL, not ${config.unsubscribe.url}`, 'watch-digest.config.json'));
  if (!config.postalAddress.trim()) findings.push(warning('postal-address', 'no postalAddress in the config: bulk mail must carry the sender\'s postal address', 'watch-digest.config.json'));
  return findings;
}
