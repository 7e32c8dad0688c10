import { docPage } from '../shared/doc-page.js';
import { UserError } from '../shared/errors.js';
import { fetchPage, type FetchOptions } from '../web/fetch-page.js';
import { extractArticle, type Article } from './extract-article.js';

/** Fetches one page and extracts its article; a page without one is an error saying what to do. */
export async function fetchArticle(url: string, options: FetchOptions = {}): Promise<Article> {
  const page = await fetchPage(url, options);
  const article = extractArticle(page.html, page.url);
  if (!article) {
    throw new UserError(`${page.url}: no article found on this page (it is empty, or not an article)`, {
      hint: `Write the item by hand: a markdown file under digests/ (see ${docPage('items.md')}).`,
    });
  }
  return article;
}
