import { fetchSettings } from '../config/resolve.js';
import { fetchArticle } from '../scrape/fetch-article.js';
import type { Article } from '../scrape/extract-article.js';
import { openProject } from './open-project.js';

export interface ScrapeOptions {
  cwd: string;
  configFile?: string;
  url: string;
  fetch?: typeof globalThis.fetch;
}

/** The article at a URL, fetched with the config's limits (`scrape` in the config). */
export async function scrapePage(options: ScrapeOptions): Promise<Article> {
  const { config } = await openProject({ ...options, needsNewsletter: false });
  return fetchArticle(options.url, { ...fetchSettings(config), ...(options.fetch ? { fetch: options.fetch } : {}) });
}
