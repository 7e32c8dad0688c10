import { escapeAttribute, escapeText } from 'entities';
import type { Config } from '../config.js';
import type { Issue } from '../issue.js';
import { archivePageUrl } from './model.js';
import { PLACEHOLDERS, placeholdersFor } from './placeholders.js';

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
export async function renderText(issue: Issue, config: Config): Promise<string> {
  // Loaded here, not at start-up: compose writes the text while MJML renders on the other thread.
  const { compile } = await import('html-to-text');
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

  const leadHeader = [
    issue.kicker && `<p>${text(issue.kicker.toUpperCase())}</p>`,
    `<p>${lead.url ? `<a href="${escapeAttribute(lead.url)}">${text(lead.title)}</a>` : text(lead.title)}</p>`,
    lead.dek && `<p>${text(lead.dek)}</p>`,
    lead.author && `<p>By ${text(lead.author)}</p>`,
  ];
  parts.push(section((greeting ? `<p>${greeting}</p>` : '') + leadHeader.filter(Boolean).join('') + lead.html));

  if (issue.news.bullets.length > 0) {
    const bullets = issue.news.bullets.map(
      (b) => `<p>— ${b.html}${b.source ? ` (<a href="${escapeAttribute(b.source.url)}">${text(b.source.label)}</a>)` : ''}</p>`,
    );
    parts.push(section(heading(issue.news.heading) + bullets.join('')));
  }
  if (issue.stateDept) parts.push(section(heading(issue.stateDept.heading) + issue.stateDept.html));
  if (issue.related.length > 0) {
    const reads = issue.related.map((r) => `<p><a href="${escapeAttribute(r.url)}">${text(r.title)}</a>${r.dek ? `<br>${text(r.dek)}` : ''}</p>`);
    parts.push(section(heading(config.headings.related) + reads.join('')));
  }

  const browser = archivePageUrl(config.archiveUrl, issue.week.label);
  const footer = [
    config.social.map((s) => `${s.label}: ${s.url}`).join('\n'),
    `You are receiving ${config.name} because you subscribed to it.\nUnsubscribe: ${PLACEHOLDERS.unsubscribeUrl}`,
    browser && `View in browser: ${browser}`,
    config.postalAddress,
  ];
  parts.push(footer.filter(Boolean).join('\n\n'));
  return parts.join(`\n\n${'-'.repeat(TEXT_WIDTH)}\n\n`) + '\n';
}

function heading(title: string): string {
  return `<p>${escapeText(title.toUpperCase())}</p>`;
}
