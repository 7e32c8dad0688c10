import { escapeAttribute, escapeText } from 'entities';
import { compile } from 'html-to-text';
import type { Config } from '../config/schema.js';
import type { Issue, RelatedRead } from '../issue/types.js';
import { archivePageUrl } from './model.js';
import { PLACEHOLDERS, placeholdersFor } from '../issue/placeholders.js';

export const TEXT_WIDTH = 72;

/** Link references for the whole issue: numbered once, listed under the section that cites them. */
class References {
  private readonly numbers = new Map<string, number>();
  private pending: string[] = [];

  cite(url: string): number {
    let n = this.numbers.get(url);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(url, n);
    }
    if (!this.pending.includes(url)) this.pending.push(url);
    return n;
  }

  /** The "[n] url" lines for links cited since the last call. */
  flush(): string {
    const lines = this.pending.map((url) => `[${this.numbers.get(url)}] ${url}`);
    this.pending = [];
    return lines.join('\n');
  }
}

/** The plain-text converter: links become numbered references, images go, tables stay grids. */
function textConverter(refs: References): (html: string) => string {
  return compile({
    wordwrap: TEXT_WIDTH,
    formatters: {
      reference: (elem, walk, builder) => {
        walk(elem.children, builder);
        const href = elem.attribs?.href;
        if (href && !href.startsWith('mailto:')) builder.addInline(` [${refs.cite(href)}]`);
      },
    },
    selectors: [
      { selector: 'a', format: 'reference' },
      { selector: 'img', format: 'skip' },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'ul', options: { itemPrefix: ' * ' } },
      // An item's table stays a grid of columns rather than one run-on line.
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
}

/**
 * The plain-text part, written from the issue model (not scraped back out of the email HTML):
 * headings, paragraphs wrapped at 72 columns, em-dash bullets, and links as numbered references.
 */
export function renderText(issue: Issue, config: Config): string {
  const refs = new References();
  const toText = textConverter(refs);
  const section = (html: string) => [toText(html), refs.flush()].filter(Boolean).join('\n\n');
  const parts = [section(`<p>${escapeText(config.name)}<br>${escapeText(issue.dateLabel)}</p>`), section(leadHtml(issue, config))];
  if (issue.news.bullets.length > 0) {
    const bullets = issue.news.bullets.map((b) => `<p>— ${b.html}${b.source ? ` (${link(b.source.url, b.source.label)})` : ''}</p>`);
    parts.push(section(heading(issue.news.heading) + bullets.join('')));
  }
  if (issue.stateDept) parts.push(section(heading(issue.stateDept.heading) + issue.stateDept.html));
  if (issue.related.length > 0) parts.push(section((config.headings.related ? heading(config.headings.related) : '') + issue.related.map((r) => relatedHtml(r, config)).join('')));
  parts.push(footer(issue, config));
  return parts.join(`\n\n${'-'.repeat(TEXT_WIDTH)}\n\n`) + '\n';
}

/** Kickers and headings keep the editor's casing: capitals, if any, are the HTML templates' style. */
function leadHtml(issue: Issue, config: Config): string {
  const { lead } = issue;
  const { greeting } = placeholdersFor(config);
  const header = [
    greeting && `<p>${greeting}</p>`,
    issue.kicker && `<p>${escapeText(issue.kicker)}</p>`,
    `<p>${lead.url ? link(lead.url, lead.title) : escapeText(lead.title)}</p>`,
    ...lead.dekParagraphs.map((paragraph) => `<p>${escapeText(paragraph)}</p>`),
    lead.author && `<p>By ${escapeText(lead.author)}</p>`,
    lead.image && imageLine(lead),
  ];
  const readOriginal = lead.url && lead.readOriginal && config.labels.readOriginal ? `<p>${link(lead.url, config.labels.readOriginal)}</p>` : '';
  return header.filter(Boolean).join('') + lead.html + readOriginal;
}

function relatedHtml(read: RelatedRead, config: Config): string {
  return [
    read.kicker ? `<p>${escapeText(read.kicker)}<br>${link(read.url, read.title)}</p>` : `<p>${link(read.url, read.title)}</p>`,
    ...read.dekParagraphs.map((paragraph) => `<p>${escapeText(paragraph)}</p>`),
    read.html,
    read.image && imageLine(read),
    config.labels.keepReading && `<p>${link(read.url, config.labels.keepReading)}</p>`,
  ]
    .filter(Boolean)
    .join('');
}

function footer(issue: Issue, config: Config): string {
  const browser = archivePageUrl(config.archiveUrl, issue.week.label);
  const social = config.social.map((s) => `${s.label}: ${s.url}`).join('\n');
  return [
    social && [config.labels.social, social].filter(Boolean).join('\n'),
    `You are receiving ${config.name} because you subscribed to it.\nUnsubscribe: ${PLACEHOLDERS.unsubscribeUrl}`,
    browser && `View in browser: ${browser}`,
    config.postalAddress,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** A section heading as typed, underlined so it stands out without changing its casing. */
function heading(title: string): string {
  return `<p>${escapeText(title)}<br>${'='.repeat(Math.min([...title].length, TEXT_WIDTH))}</p>`;
}

function link(url: string, label: string): string {
  return `<a href="${escapeAttribute(url)}">${escapeText(label)}</a>`;
}

/** An image's caption and credit (the picture itself has no place in plain text). */
function imageLine(image: { caption?: string; credit?: string }): string {
  const words = [image.caption, image.credit && (image.caption ? `(${image.credit})` : image.credit)].filter(Boolean).join(' ');
  return words ? `<p>${escapeText(words)}</p>` : '';
}
