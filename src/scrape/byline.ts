import type { AnyNode, Element } from 'domhandler';
import { hasClassWord, inOrder, isElsewhere, isInside, spacedTextOf, withinMatching, type PageIndex } from './page-index.js';
import { clean } from './plain-text.js';
import { squash } from './site-name.js';

// Links to an author's page, as CMSs spell them (/author/, NYT's /by/, think tanks' /experts/).
const AUTHOR_LINK = /\/(author|authors|by|people|person|profile|profiles|staff|experts?|contributors?|writers?|journalists|reporters|columnists)\/[^/?#]/i;
const BYLINE_WORDS = new Set(['byline', 'bylines', 'author', 'authors', 'authorname', 'writer', 'writers', 'contributor', 'contributors']);
const CONTAINERS = new Set(['html', 'body', 'main', 'article', 'section']);
// Links in prose and citations point to people the article mentions, not to its authors.
const PROSE = new Set(['p', 'li', 'cite', 'blockquote', 'table', 'sup']);

const URL_IN_TEXT = /\(?\s*(?:https?:\/\/|www\.)[^\s)]*\s*\)?/gi;
const PREFIX = /^(?:(?:written|words|reporting|posted|story|text|photos?|video|edited)\s+)?(?:by|par|von|por|door|av)\s*:?\s+/i;
const CREDENTIAL = /^(?:MA|MS|MSc|MD|PhD|Ph\.D\.?|MPH|RN|MBA|JD|Esq\.?|Jr\.?|Sr\.?|II|III|IV|DDS|DO|CFA)$/;
// Words of a job title that follows a name: "Ben Tanner Games Editor", "Ana Ruiz, Senior Fellow".
const TITLE_NOUN =
  /^(editor|editors|correspondent|reporter|writer|columnist|contributor|producer|analyst|fellow|director|professor|host|anchor|critic|chief|staff|journalist|researcher|economist|strategist|commentator|blogger|president|founder|manager|associate|intern|photographer|presenter|coordinator|lead|head|officer|scholar|lecturer|adviser|advisor)$/i;
const TITLE_WORD =
  /^(senior|chief|deputy|associate|assistant|managing|executive|contributing|staff|special|foreign|national|political|diplomatic|defense|defence|security|games|gaming|tech|technology|science|health|business|sports?|culture|arts?|food|travel|opinion|investigations?|investigative|economics|economy|world|news|breaking|europe|european|asia|africa|americas|washington|white|house|bureau|visiting|non-resident|nonresident|research|global|digital|data|video|photo|audio|social|media|international|middle|east|west|north|south|markets?|finance|energy|climate|legal|justice|policy|program|programme|editorial|features?|weekend|general|assignment|city|metro|local|regional|state|affairs|and|of|for|the|at|&)$/i;
// The last word of a role written after a name ("AP Auto Writer", "Staff Reporter"): never a surname.
const ROLE_END = /\s(writer|reporter|editor|correspondent|columnist|contributor|producer|journalist|photographer|staff)$/i;
const AGENCIES = String.raw`(?:the )?(?:associated press|ap|reuters|afp|agence france-presse|bloomberg(?: news)?|dpa|upi|pa(?: media)?|ansa|efe|xinhua|kyodo|tass|cnn wire)`;
const AGENCY = new RegExp(`^${AGENCIES}$`, 'i');
// "KARL OTTE Associated Press": the agency written after the name without a comma.
const AGENCY_AFTER_NAME = new RegExp(`(?<=\\S\\s+\\S+)\\s+${AGENCIES}$`, 'i');
const ORGANISATION_WORD = /\b(organi[sz]ation|center|centre|institute|society|council|office|committee|foundation|association|department|ministry|coalition|alliance|campaign|fund|union|agency|bureau|network|project|program|programme|initiative|commission|federation|league|national|international|citizens|friends|people)\b/i;
const NOT_A_NAME = /^(follow|share|admin|administrator|unknown|guest|anonymous|author|authors|staff writer|editorial staff|comments?|updated|published|posted|last updated|read more|view all|see all|more|home)\b/i;

/** The page's byline, from whichever source states one, joined the way a reader writes it. */
export function chooseAuthor(sources: Array<string[] | undefined>, siteName?: string): string | undefined {
  const site = siteName ? squash(siteName) : '';
  let fallback: string[] | undefined;
  for (const source of sources) {
    const names = dedupe((source ?? []).map((byline) => withoutAffiliation(byline, siteName)).flatMap(authorNames));
    if (names.length === 0) continue;
    // "BBC News" as the author of a BBC News page says no more than the site name does.
    if (site && names.every((name) => squash(name) === site)) {
      fallback ??= names;
      continue;
    }
    return joinNames(names.slice(0, 6));
  }
  return fallback ? joinNames(fallback) : undefined;
}

/** "Ana Ruiz BBC News, Washington" is Ana Ruiz: the outlet and what follows it are her affiliation. */
function withoutAffiliation(byline: string, siteName: string | undefined): string {
  const at = siteName && siteName.length > 2 ? byline.toLowerCase().indexOf(siteName.toLowerCase()) : -1;
  return at > 0 ? byline.slice(0, at).replace(/[\s,;|•·—–-]+$/, '') : byline;
}

/** Names in a byline as pages write it: "By Ana Ruiz and Tom Reed • 8h", "ANA RUIZ March 11, 2015". */
export function authorNames(byline: string): string[] {
  // "CAIRO —" opens a dateline, not a byline.
  if (/^[\p{Lu}\s.,'-]+\s[—–-]$/u.test(clean(byline))) return [];
  // A link beside the name ("Ana Ruiz (https://ana.example/)") is dropped; a byline that is only a link names no one.
  let text = clean(clean(byline).replace(URL_IN_TEXT, ' ')).replace(PREFIX, '');
  if (/^@|@\w+\.\w|\b[\w-]+\.(?:com|org|net|co|io|uk|de|fr)\//i.test(text)) return [];
  // A user name ("CC7567", "jdoe_42") is an account, not a byline.
  if (/^[\p{L}_.-]+\d+$/u.test(text)) return [];
  // What follows a bar, a bullet or a date is not the name.
  text = text.split(/\s+[|•·—–]\s+|\s*\|\s*/)[0]!.replace(/\s+(?:edited|photographs?|photos|illustrations?|graphics|additional reporting|reporting|translated|produced|video)\s+by\b.*$/i, '');
  text = text.replace(/\s*(?:\b(?:(?:last\s+)?updated|published|posted|on)\b.*|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d.*|\d.*)$/i, '');
  text = text.replace(/\s+(?:is|was|covers|writes|reports)\s+.*$/i, '').replace(/[,;:]\s*(?:a|an|the|who)\s.*$/i, '');
  text = withoutPlaceAndOutlet(text);
  const names: string[] = [];
  // "&" joins two people ("Ana Ruiz & Tom Reed"), not the words of a name ("Mac & i").
  const pieces = text.split(/(\s*(?:,|;|\band\b|(?<=\S+\s+\S+)\s*&\s*(?=\S+\s+\S)|\bund\b|\bet\b)\s*)/i);
  // After a role ("Staff Writer", "AP Auto Writer", "Reuters") only a name joined by "and" is another author;
  // anything else is the role's programme or employer ("Ana Ruiz, Senior Fellow, Water Program").
  let afterRole = false;
  let joined = false;
  for (let i = 0; i < pieces.length; i += 2) {
    if (i > 0 && /and|&|und|et/i.test(pieces[i - 1]!)) joined = true;
    const trimmed = pieces[i]!.replace(PREFIX, '').trim().replace(AGENCY_AFTER_NAME, '');
    const name = withoutJobTitle(trimmed);
    if (!name) continue;
    if (names.length > 0 && (isJobTitle(name) || ROLE_END.test(trimmed) || AGENCY.test(trimmed))) {
      [afterRole, joined] = [true, false];
      continue;
    }
    if (afterRole && !joined) break;
    [afterRole, joined] = [name !== trimmed, false];
    if (CREDENTIAL.test(name) && names.length > 0) names[names.length - 1] += `, ${name}`;
    else if (isName(name)) names.push(name);
  }
  return names;
}

/**
 * A byline without where and for whom its people write: "Ana Ruiz in Kyiv and Tom Reed in Lviv",
 * "Ana Ruiz for Example News", "Ana Ruiz / Example Wire", and the affiliation after names joined
 * by "and" ("Ana Ruiz and Tom Reed, Associated Press").
 */
function withoutPlaceAndOutlet(text: string): string {
  let rest = text
    .split(/\s+\/\s+/)[0]!
    .replace(/\s+(?:in|from)\s+\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)*(?=\s+and\s|\s*,|\s*$)/gu, '')
    // "for" after a person's name, not inside an organisation's ("Center for Estuary Studies").
    .replace(/^(\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){1,2})\s+(?:for|special to)\s+\p{Lu}.*$/u, (whole, name: string) => (ORGANISATION_WORD.test(name) ? whole : name));
  const lastAnd = rest.search(/\s(?:and|&)\s(?!.*\s(?:and|&)\s)/);
  const comma = lastAnd >= 0 ? rest.indexOf(',', lastAnd) : -1;
  if (comma > 0) rest = rest.slice(0, comma);
  return rest;
}

/** "Ana Ruiz and Tom Reed"; "Ana Ruiz, Tom Reed and Li Wei". */
export function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Bylines shown in the page, in the article around its headline first, else anywhere outside
 * comments and related stories: microdata, rel=author, links in a byline or author element,
 * links to an author page, then the byline element's text.
 */
export function documentBylines(index: PageIndex, region: AnyNode | undefined): string[] | undefined {
  const links = index.byTag.get('a') ?? [];
  const authors = index.byItemprop.get('author') ?? [];
  const names = (index.byItemprop.get('name') ?? []).filter((el) => authors.some((author) => author !== el && isInside(el, author)));
  // An article's own classes name its tags and categories ("tag-fan-contributor"), not a byline.
  const isBylineElement = (node: Element) => !CONTAINERS.has(node.name) && hasClassWord(node, BYLINE_WORDS);
  const inBylineElement = (el: Element) => withinMatching(el, isBylineElement);
  const sources: Array<{ elements: Element[]; anywhere?: boolean }> = [
    { elements: names, anywhere: true },
    { elements: authors, anywhere: true },
    { elements: links.filter((a) => /(^|\s)author(\s|$)/i.test(a.attribs.rel ?? '')) },
    { elements: links.filter(inBylineElement) },
    { elements: links.filter((a) => AUTHOR_LINK.test(a.attribs.href ?? '') && !withinMatching(a, (node) => PROSE.has(node.name))) },
    { elements: inOrder(index, index.byClassWord, [...BYLINE_WORDS]).filter(isBylineElement) },
  ];
  for (const inRegion of region ? [(el: Element) => isInside(el, region), () => true] : [() => true]) {
    for (const { elements, anywhere } of sources) {
      const found = elements.filter((el) => inRegion(el) && (anywhere || !isElsewhere(el))).slice(0, 12);
      // The first byline that names someone, with the names beside it (one link per author).
      const first = found.find((element) => authorNames(bylineText(element)).length > 0);
      if (!first) continue;
      const beside = found.filter((element) => element === first || (element.parent === first.parent && element.parent !== null));
      return beside.map(bylineText).filter((text) => text.length < 200);
    }
  }
  return undefined;
}

function bylineText(element: Element): string {
  return clean(element.attribs.content ?? spacedTextOf(element)).replace(/ ([,;])/g, '$1');
}

function withoutJobTitle(name: string): string {
  const words = name.split(/\s+/);
  let end = words.length;
  if (end > 2 && TITLE_NOUN.test(words[end - 1]!)) {
    end--;
    while (end > 2 && (TITLE_WORD.test(words[end - 1]!) || TITLE_NOUN.test(words[end - 1]!))) end--;
  }
  return words.slice(0, end).join(' ');
}

function isJobTitle(text: string): boolean {
  const words = text.split(/\s+/);
  return words.some((word) => TITLE_NOUN.test(word)) && words.every((word) => TITLE_WORD.test(word) || TITLE_NOUN.test(word));
}

function isName(name: string): boolean {
  const words = name.split(/\s+/);
  if (name.length < 2 || name.length > 60 || words.length > 6 || !/\p{L}/u.test(name) || NOT_A_NAME.test(name)) return false;
  // A headline or a sentence beside a name ("Ana Ruiz Trump's visit: what to expect") is not a name.
  if (/[:?!"“”@/\\]|\p{L}['’]s\s/u.test(name)) return false;
  // A lone job title ("Senior Fellow") is not a name.
  return !words.every((word) => TITLE_WORD.test(word) || TITLE_NOUN.test(word));
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = squash(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
