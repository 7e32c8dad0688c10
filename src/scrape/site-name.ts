import { clean } from './plain-text.js';

/** Everything a page says about the name of the site that published it. */
export interface SiteClues {
  /** The JSON-LD publisher of the page's main work. */
  publisher?: string;
  ogSiteName?: string;
  /** JSON-LD WebSite name, then other Organization nodes. */
  jsonLdNames: string[];
  /** application-name, twitter:app:name:*, apple-mobile-web-app-title, <meta name="publisher">. */
  appNames: string[];
  /** The short part a <title> adds after its headline: "Bob Dylan - Wikipedia". */
  titleSuffix?: string;
  /** An outlet named in a byline after the names that matches the host ("Ana Ruiz, USA TODAY" on usatoday.com). */
  bylineOutlet?: string;
  /** The site's social handle (twitter:site) without its "@", used only when it names the host. */
  handle?: string;
  /** The titles of the feeds the page links to ("Example Notes - Atom"). */
  feedTitles?: string[];
  /** The host the page was read from. */
  host: string;
}

// Blog platforms and CMSs that fill og:site_name with their own name.
const PLATFORM = /^(wordpress(\.com)?|blogger|blogspot|medium|substack|ghost|tumblr|squarespace|wix|weebly|drupal|joomla|typepad|livejournal)$/i;
// A company's legal name, not the masthead a reader knows: "Wikimedia Foundation, Inc.".
const LEGAL_NAME = /(,?\s(inc|llc|l\.l\.c|ltd|limited|gmbh|ag|s\.a|plc|corp|corporation|company|foundation|holdings?|group)\.?)$/i;
const DOMAIN = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.[a-z]{2,}$/iu;

/**
 * The outlet's name as a reader would cite it ("according to …"). The publisher the page
 * states in JSON-LD first, since og:site_name is often a domain or a CMS name; then the other
 * statements, the <title> suffix last. A company's legal name gives way to a stated name
 * that matches the host ("Wikipedia" on wikipedia.org), a blog platform's name to any other.
 */
export function chooseSiteName(clues: SiteClues): string | undefined {
  const og = tidy(clues.ogSiteName);
  const candidates = [
    tidy(clues.publisher),
    // A domain as og:site_name ("NPR.org") gives way to a name the page states in JSON-LD.
    og && !DOMAIN.test(og) ? og : undefined,
    ...clues.jsonLdNames.map(tidy),
    og,
    ...clues.appNames.map(tidy),
    tidy(clues.titleSuffix),
    tidy(clues.bylineOutlet),
    // A page that states no name still has the handle it shares under ("@ExampleDaily" on exampledaily.com).
    clues.handle && matchesHost(clues.handle, clues.host) ? clues.handle : undefined,
  ].filter((name): name is string => Boolean(name));
  const usable = candidates.filter((name) => !PLATFORM.test(name));
  const best = usable[0] ?? candidates[0];
  if (best && LEGAL_NAME.test(best)) {
    const known = usable.find((name) => !LEGAL_NAME.test(name) && matchesHost(name, clues.host));
    if (known) return known;
  }
  return best;
}

const TITLE_SEPARATOR = /\s+(?:\||-|–|—|::|:|·|•|»)\s+/g;
// WordPress's old default <title>: "Blog name » Blog Archive » Post title".
export const BLOG_ARCHIVE = /^(.*?)\s+»\s+blog archive\s+»\s+(.*)$/i;

/** The part a <title> adds to the headline ("Bob Dylan - Wikipedia"): a clue to the site's name. */
export function titleSuffix(documentTitle: string | undefined, statedTitle: string | undefined, host: string, feedTitles: readonly string[] = []): { titleSuffix?: string } {
  if (!documentTitle) return {};
  const archive = BLOG_ARCHIVE.exec(documentTitle);
  if (archive) return { titleSuffix: archive[1]!.trim() };
  if (statedTitle && documentTitle.toLowerCase().startsWith(statedTitle.toLowerCase()) && documentTitle.length > statedTitle.length) {
    const rest = documentTitle.slice(statedTitle.length).replace(/^\s*(?:\||-|–|—|::|:|·|•|»)\s*/, '');
    const parts = rest.split(TITLE_SEPARATOR).map((part) => part.trim());
    // "Headline | JPost | Israel News": the part that names the host, else the last.
    const last = parts.map((part) => hostNamed(part, host)).find(Boolean) ?? parts.at(-1);
    return last ? { titleSuffix: last } : {};
  }
  const prefix = titlePrefix(documentTitle, statedTitle);
  // Only when the host or the page's own feeds carry the name too: a prefix may be a kicker or a document's number.
  if (prefix && (matchesHost(prefix, host) || feedTitles.some((feed) => squash(feed).startsWith(squash(prefix))))) return { titleSuffix: prefix };
  const parts = documentTitle.split(TITLE_SEPARATOR);
  const hostPart = parts.slice(1).map((part) => hostNamed(part, host)).find(Boolean);
  if (hostPart) return { titleSuffix: hostPart };
  const last = parts.at(-1)?.trim();
  if (parts.length < 2 || !last) return {};
  // Otherwise only a short last part after a longer headline names a site.
  return last.split(' ').length <= 4 && last.length < parts.slice(0, -1).join(' ').length ? { titleSuffix: last } : {};
}

// Words that open a title as a section's label, not as the site's name ("Opinion | Headline").
const KICKER = /^(opinion|analysis|review|reviews|editorial|commentary|comment|interview|exclusive|breaking|live|update|watch|video|videos|podcast|photos|gallery|explainer|news|feature|features|letters?)$/i;

/** "Blog name: Post title", as blog platforms write <title>: the part before the stated title may name the site. */
function titlePrefix(documentTitle: string, statedTitle: string | undefined): string | undefined {
  if (!statedTitle || documentTitle.length <= statedTitle.length || !documentTitle.toLowerCase().endsWith(statedTitle.toLowerCase())) return undefined;
  const part = /^(.+?)\s*(?:\||-|–|—|::|:|·|•|»)\s*$/.exec(documentTitle.slice(0, -statedTitle.length))?.[1]?.trim();
  return part && part.split(/\s+/).length <= 5 && !KICKER.test(part) ? part : undefined;
}

/** The name a title part gives the host, without a tagline after a comma ("Wikipedia, the free encyclopedia"). */
function hostNamed(part: string, host: string): string | undefined {
  const named = part.trim().split(/,\s+/)[0]!;
  return matchesHost(named, host) ? named : undefined;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** A site name without a tagline ("Harbour Herald - News from the docks"), or undefined when it is a URL. */
function tidy(value: string | undefined): string | undefined {
  const name = clean(value).split(/\s+(?:-|–|—|\||·)\s+/)[0]!.trim();
  if (!name || name.length > 80 || /^(https?:)?\/\/|^www\./i.test(name)) return undefined;
  return name;
}

export function matchesHost(name: string, host: string): boolean {
  const squashed = squash(name);
  const labels = host.toLowerCase().replace(/^www\./, '').split('.');
  const stem = labels.length > 1 ? labels.at(-2)! : labels[0]!;
  return squashed.length >= 3 && (squashed === stem || squashed === squash(labels.slice(0, -1).join('')) || (stem.length >= 4 && squashed.includes(stem)));
}

export function squash(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
