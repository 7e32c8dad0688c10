import pLimit from 'p-limit';
import { compact } from '../shared/compact.js';
import { UserError } from '../shared/errors.js';
import { needsScraping, type Item } from '../items/item.js';
import { extractArticle, type Article } from './extract-article.js';
import type { FetchedPage } from '../web/fetch-page.js';
import { escapeHtml } from './plain-text.js';

export type PageSource = (url: string) => Promise<FetchedPage>;

/**
 * Fills URL-only items from their pages (a few at a time): a lead gets the article's
 * paragraphs, a news item its summary; missing title, dek and author come from the page.
 * A page that fails names the item's file and the URL.
 */
export async function fillFromUrls(items: Item[], getPage: PageSource, concurrency = 4): Promise<Item[]> {
  const limit = pLimit(concurrency);
  return Promise.all(
    items.map((item) =>
      needsScraping(item)
        ? limit(async () => {
            let page: FetchedPage;
            try {
              page = await getPage(item.url!);
            } catch (error) {
              if (!(error instanceof UserError)) throw error;
              throw new UserError(`${item.file}: ${error.message}`, { hint: `${error.hint ?? ''} Or write the item's text yourself below its front matter.`.trim() });
            }
            const article = extractArticle(page.html, page.url);
            const body = article && itemBody(item, article);
            if (!article || !body) {
              throw new UserError(`${item.file}: ${item.url} has no article text to use as the ${item.kind === 'lead' ? "lead's body" : "item's summary"}`, {
                hint: "Write the item's text below its front matter instead.",
              });
            }
            if (item.kind === 'lead' && !item.title && !article.title) {
              throw new UserError(`${item.file}: ${item.url} states no title, which the lead needs as its headline`, {
                hint: 'Give the item a `title:` in its front matter.',
              });
            }
            // What the editor wrote wins; the page fills the gaps.
            return {
              ...item,
              body,
              ...compact({ title: item.title ?? (article.title || undefined) }),
              ...compact({ dek: item.dek ?? article.dek, author: item.author ?? article.author, source: item.source ?? article.site }),
            };
          })
        : item,
    ),
  );
}

/**
 * The item's body as markdown: the article's paragraphs for a lead, its summary for a news item.
 * Both are HTML blocks built here, so page text stays text: the paragraphs are already escaped
 * HTML, and the summary (plain text) is escaped before it goes in (issue 9.2).
 */
function itemBody(item: Item, article: Article): string {
  if (item.kind === 'lead') return article.paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  if (article.dek) return `<p>${escapeHtml(article.dek)}</p>`;
  return article.paragraphs[0] ? `<p>${article.paragraphs[0]}</p>` : '';
}
