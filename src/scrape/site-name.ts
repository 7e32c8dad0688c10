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
  ].filter((name): name is string => Boolean(name));
  const usable = candidates.filter((name) => !PLATFORM.test(name));
  const best = usable[0] ?? candidates[0];
  if (best && LEGAL_NAME.test(best)) {
    const known = usable.find((name) => !LEGAL_NAME.test(name) && matchesHost(name, clues.host));
    if (known) return known;
  }
  return best;
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
