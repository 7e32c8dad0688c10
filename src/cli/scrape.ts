import { parseHttpUrl } from '../web/fetch-page.js';
import type { Output } from './output.js';

export async function scrapeCommand(url: string, flags: { config?: string }, output: Output): Promise<number> {
  parseHttpUrl(url);
  const { scrapePage } = await import('../commands/scrape.js');
  const article = await scrapePage({ cwd: process.cwd(), url, ...(flags.config ? { configFile: flags.config } : {}) });
  if (output.json) {
    output.out(JSON.stringify(article, null, 2));
    return 0;
  }
  const { convert } = await import('html-to-text');
  const plain = (html: string) => convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }] });
  const lines = [
    `Title:   ${article.title || '(none)'}`,
    `Summary: ${article.dek ?? '(none)'}`,
    `Author:  ${article.author ?? '(none)'}`,
    `Date:    ${article.date ?? '(none)'}`,
    `Site:    ${article.site ?? '(none)'}`,
    `URL:     ${article.url}`,
    `Image:   ${article.image ?? '(none)'}`,
    `Body:    ${article.paragraphs.length ? `${article.paragraphs.length} paragraphs` : 'none (the page has no article text)'}`,
  ];
  for (const line of lines) output.out(line);
  for (const paragraph of article.paragraphs.slice(0, 3)) output.out(`  ${plain(paragraph)}`);
  if (article.paragraphs.length > 3) output.out(`  … (${article.paragraphs.length - 3} more; --json prints them all)`);
  if (article.sections) {
    output.out(`Roundup: ${article.sections.lead.length} lead paragraphs, ${article.sections.news.length} news bullets, ${article.sections.stateDept.length ? 'a' : 'no'} State Department note`);
  }
  return 0;
}
