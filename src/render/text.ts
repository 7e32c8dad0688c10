import { escapeAttribute, escapeText } from 'entities';
import { compile } from 'html-to-text';
import type { Config } from '../config/schema.js';
import type { Issue } from '../issue/types.js';
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

/**
 * The plain-text part, written from the issue model (not scraped back out of the email HTML):
 * headings, paragraphs wrapped at 72 columns, em-dash bullets, and links as numbered references.
 */
export function renderText(issue: Issue, config: Config): string {
  const refs = new References();
  const toText = compile({
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
  const text = (plain: string) => escapeText(plain);
  const section = (html: string) => [toText(html), refs.flush()].filter(Boolean).join('\n\n');

  const { lead } = issue;
  const parts: string[] = [];
  parts.push(section(`<p>${text(config.name)}<br>${text(issue.dateLabel)}</p>`));
  const { greeting } = placeholdersFor(config);

  // Kickers and headings keep the editor's casing: capitals, if any, are the HTML templates' style.
  const leadHeader = [
    issue.kicker && `<p>${text(issue.kicker)}</p>`,
    `<p>${lead.url ? `<a href="${escapeAttribute(lead.url)}">${text(lead.title)}</a>` : text(lead.title)}</p>`,
    ...lead.dekParagraphs.map((paragraph) => `<p>${text(paragraph)}</p>`),
    lead.author && `<p>By ${text(lead.author)}</p>`,
    lead.image && imageLine(lead),
  ];
  const readOriginal = lead.url && lead.readOriginal && config.labels.readOriginal ? `<p>${link(lead.url, config.labels.readOriginal)}</p>` : '';
  parts.push(section((greeting ? `<p>${greeting}</p>` : '') + leadHeader.filter(Boolean).join('') + lead.html + readOriginal));

  if (issue.news.bullets.length > 0) {
    const bullets = issue.news.bullets.map(
      (b) => `<p>— ${b.html}${b.source ? ` (<a href="${escapeAttribute(b.source.url)}">${text(b.source.label)}</a>)` : ''}</p>`,
    );
    parts.push(section(heading(issue.news.heading) + bullets.join('')));
  }
  if (issue.stateDept) parts.push(section(heading(issue.stateDept.heading) + issue.stateDept.html));
  if (issue.related.length > 0) {
    const reads = issue.related.map((r) =>
      [
        r.kicker ? `<p>${text(r.kicker)}<br>${link(r.url, r.title)}</p>` : `<p>${link(r.url, r.title)}</p>`,
        ...r.dekParagraphs.map((paragraph) => `<p>${text(paragraph)}</p>`),
        r.html,
        r.image && imageLine(r),
        config.labels.keepReading && `<p>${link(r.url, config.labels.keepReading)}</p>`,
      ]
        .filter(Boolean)
        .join(''),
    );
    parts.push(section((config.headings.related ? heading(config.headings.related) : '') + reads.join('')));
  }

  const browser = archivePageUrl(config.archiveUrl, issue.week.label);
  const social = config.social.map((s) => `${s.label}: ${s.url}`).join('\n');
  const footer = [
    social && [config.labels.social, social].filter(Boolean).join('\n'),
    `You are receiving ${config.name} because you subscribed to it.\nUnsubscribe: ${PLACEHOLDERS.unsubscribeUrl}`,
    browser && `View in browser: ${browser}`,
    config.postalAddress,
  ];
  parts.push(footer.filter(Boolean).join('\n\n'));
  return parts.join(`\n\n${'-'.repeat(TEXT_WIDTH)}\n\n`) + '\n';
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
