import { clean } from './plain-text.js';
import { squash } from './site-name.js';

export interface TitleClues {
  /** The main work's JSON-LD headline: what the publisher declares the article is called. */
  headline?: string;
  /** The title stated for citing and sharing (Dublin Core or OpenGraph). */
  shared?: string;
  /** Other titles stated in metadata, most trusted first (twitter:title, <meta name=title>, ..., the JSON-LD name). */
  stated: string[];
  /** The document's <title>. */
  documentTitle?: string;
  /** Visible <h1> texts, mastheads already left out. */
  headings: string[];
  /** Every name the site goes by, and its host's name. */
  siteNames: string[];
}

const SEPARATOR = String.raw`\s+(?:\||-|–|—|::|:|·|»|/)\s+`;
const FIRST_PART = new RegExp(`^(.*?)${SEPARATOR}(.*)$`);
const LAST_PART = new RegExp(`^(.*)${SEPARATOR}(.*)$`);

/**
 * The headline as the publisher declares it, without a site suffix, over a visible <h1> that
 * differs from it (a shortened display headline, a kicker, a masthead): the JSON-LD headline
 * when the page also shows it (in its <h1> or its <title>; a wiki's JSON-LD "headline" is a
 * description it shows nowhere), else og:title or Dublin Core, else the other stated titles,
 * the one the page shows first. A title that is only the site's name is never the headline.
 * Without metadata, the <h1> the <title> contains (which strips a suffix no metadata names),
 * or the <title>, or the <h1>.
 */
export function chooseTitle(clues: TitleClues): string | undefined {
  const names = clues.siteNames.map(squash).filter((n) => n.length > 0);
  const isSiteName = (title: string) => names.includes(squash(title));
  const headings = clues.headings.filter((h) => h.length > 0 && !isSiteName(h));
  const fit = (title: string | undefined): string | undefined => {
    const cleaned = cleanTitle(title, clues.siteNames);
    if (!cleaned || isSiteName(cleaned)) return undefined;
    // "Headline - Unknown Site" where the page shows "Headline": the heading is the title.
    const shown = headings.find((h) => h !== cleaned && startsWithPart(cleaned, h));
    return shown ?? cleaned;
  };
  const documentText = squash(clues.documentTitle ?? '');
  const shownHeadings = new Set(headings.map(squash));
  const isShown = (title: string) => shownHeadings.has(squash(title)) || (squash(title).length > 0 && documentText.includes(squash(title)));
  const shared = fit(clues.shared);
  // Some CMSs cut the JSON-LD headline to a search engine's length: the full og:title then wins.
  const headline = [fit(clues.headline)].find((h) => h && !(shared && shared.length > h.length && squash(shared).startsWith(squash(h.replace(/(\.\.\.|…)$/, '')))));
  if (headline && isShown(headline)) return headline;
  if (shared) return shared;
  const stated = [headline, ...clues.stated.map(fit)].filter((t): t is string => Boolean(t));
  // An <h1> that the document title contains is the headline even when no metadata states it.
  const contained = headings.find((h) => squash(h).length > 10 && documentText.includes(squash(h)));
  if (stated.length > 0) return stated.find(isShown) ?? contained ?? stated[0];
  return contained ?? fit(clues.documentTitle) ?? headings[0];
}

/** Drops a " | Site name" (or " - ", " — ", " : ", " :: ") suffix or prefix from a page title. */
export function cleanTitle(title: string | undefined, siteNames: string[]): string | undefined {
  const value = clean(title);
  if (!value) return undefined;
  const prefix = FIRST_PART.exec(value);
  if (!prefix) return value;
  const names = siteNames.map(squash).filter((n) => n.length > 0);
  // A part is the site when it is the site's name, a piece of it, or a short phrase around it ("BBC News" for "BBC").
  const isSite = (part: string) => {
    const s = squash(part);
    const short = part.split(/\s+/).length <= 3;
    return s.length > 0 && names.some((name) => s === name || (Math.min(s.length, name.length) >= 4 && (name.includes(s) || (short && s.includes(name)))));
  };
  // Strip every site part at the end: "Headline | World news | The Guardian" keeps "Headline | World news".
  let rest = value;
  for (let match = LAST_PART.exec(rest); match && isSite(match[2]!); match = LAST_PART.exec(rest)) rest = match[1]!;
  if (rest === value && isSite(prefix[1]!)) rest = prefix[2]!;
  // " | " and " · " rarely appear inside a headline: a short part after the last one is a section or the site.
  const piped = /^(.*)\s+(?:\||·|::)\s+(.*)$/.exec(rest);
  if (piped && piped[2]!.split(' ').length <= 4 && piped[1]!.split(' ').length >= 3) return piped[1];
  return rest;
}

/** True when `part` is the whole text before one of the separators in `title`. */
function startsWithPart(title: string, part: string): boolean {
  if (!title.toLowerCase().startsWith(part.toLowerCase())) return false;
  return new RegExp(`^${SEPARATOR}`).test(title.slice(part.length));
}
