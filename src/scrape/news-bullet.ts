// The one house style of a drafted news bullet, for `add` and `pick` alike: the gist in a sentence
// or two, then ", according to [Outlet](link)." with the outlet named as the config names it.
import { getDomain } from 'tldts';
import { escapeMarkdown } from './plain-text.js';

export interface Citation {
  outlet: string;
  url: string;
}

const GIST_LIMIT = 300;

/** `gist` is markdown (escape plain text first); each outlet's name links to its article. */
export function newsBullet(gist: string, citations: readonly Citation[]): string {
  const outlets = citations.map((c) => `[${escapeMarkdown(c.outlet)}](${c.url})`);
  const cited = `according to ${outlets.length <= 2 ? outlets.join(' and ') : `${outlets.slice(0, -1).join(', ')} and ${outlets.at(-1)}`}`;
  return attribute(gist, cited);
}

/** "Talks resumed." + "according to X" -> "Talks resumed, according to X." (quotes and questions kept right). */
function attribute(gist: string, cited: string): string {
  const closingQuote = /\.(["'”’])$/.exec(gist);
  if (closingQuote) return `${gist.slice(0, -2)},${closingQuote[1]} ${cited}.`;
  if (/[?!]["'”’]?$/.test(gist)) return `${gist} (${cited}).`;
  return `${gist.replace(/[.;:,\s]+$/, '')}, ${cited}.`;
}

/** One or two sentences of plain text, as many as fit in about two lines of a bullet. */
export function firstSentences(text: string): string {
  const sentences = [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].map((s) => s.segment.trim()).filter(Boolean);
  let gist = sentences[0] ?? text;
  if (sentences[1] && gist.length + sentences[1].length < GIST_LIMIT) gist += ` ${sentences[1]}`;
  if (gist.length <= GIST_LIMIT + 100) return gist;
  const cut = gist.lastIndexOf(' ', GIST_LIMIT);
  return gist.slice(0, cut > 0 ? cut : GIST_LIMIT).replace(/[\s,;:]+$/, '') + '…';
}

/**
 * The name to cite for an article: the outlet of the config's source on the same site (its host,
 * else its registrable domain when every such source agrees), so `add` cites "The Example Ledger"
 * as `gather` does; else the site's own name, else its host.
 */
export function outletFor(articleUrl: string, sources: ReadonlyArray<{ outlet?: string | undefined; url?: string | undefined }>, site: string | undefined): string {
  const host = hostOf(articleUrl);
  const named = sources.filter((source): source is { outlet: string; url: string } => Boolean(source.outlet && source.url));
  const sameHost = named.find((source) => hostOf(source.url) === host);
  if (sameHost) return sameHost.outlet;
  const domain = getDomain(articleUrl);
  const sameDomain = new Set(named.filter((source) => domain && getDomain(source.url) === domain).map((source) => source.outlet));
  if (sameDomain.size === 1) return [...sameDomain][0]!;
  return site || host || articleUrl;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
