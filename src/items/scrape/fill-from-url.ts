import pLimit from 'p-limit';
import { compact } from '../../compact.js';
import { UserError } from '../../errors.js';
import { needsScraping, type Item } from '../item.js';
import { extractArticle } from './extract-article.js';
import type { FetchedPage } from './fetch-page.js';

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
            if (!article) {
              throw new UserError(`${item.file}: ${item.url} does not look like an article`, { hint: "Write the item's text below its front matter instead." });
            }
            const body = item.kind === 'lead' ? article.paragraphs.map((p) => `<p>${p}</p>`).join('\n') : (article.dek ?? article.paragraphs[0] ?? '');
            // What the editor wrote wins; the page fills the gaps.
            return {
              ...item,
              body,
              title: item.title ?? article.title,
              ...compact({ dek: item.dek ?? article.dek, author: item.author ?? article.author, source: item.source ?? article.site }),
            };
          })
        : item,
    ),
  );
}
