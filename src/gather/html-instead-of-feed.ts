import { absoluteHttpUrl } from './absolute-url.js';
import { SourceError } from './source-error.js';

/** An HTML page where a feed was expected; says which feed it links to, if any. */
export function notAFeedButPage(body: string, pageUrl: string): SourceError {
  const head = body.slice(0, 100_000);
  for (const tag of head.match(/<link\b[^>]*>/gi) ?? []) {
    if (/rel=["']?alternate/i.test(tag) && /type=["']?application\/(rss|atom)\+xml|type=["']?application\/feed\+json/i.test(tag)) {
      const href = /href=["']([^"']+)/i.exec(tag)?.[1];
      const feed = href && absoluteHttpUrl(href.replace(/&amp;/g, '&'), pageUrl);
      if (feed) return new SourceError('not a feed: an HTML page', `The page names its feed: use "url": "${feed}", or "type": "listing" with selectors to read the page itself.`);
    }
  }
  return new SourceError('not a feed: an HTML page', 'Use the address of the RSS, Atom or JSON feed, or "type": "listing" with selectors to read the page itself.');
}
