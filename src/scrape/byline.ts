import { clean } from './plain-text.js';
import { matchesHost, squash } from './site-name.js';

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
// Words joining two names in a byline, in the languages it meets.
const JOINER = /^(and|&|et|und|y|e|en|og|och|i|a)$/i;
const PARTICLE = /^(de|da|di|do|dos|das|del|della|van|von|der|den|du|la|le|bin|ibn|al|el)$/i;
// The last word of an outlet or a service credited beside the people ("… and IDG News Service", "… and Florida Today").
const OUTLET_END = /\s(news|service|services|wire|press|media|agency|times|post|journal|today|herald|tribune|gazette|network|newspapers|reports)$/i;
const DOMAIN = /^[\p{L}\d-]+(\.[\p{L}\d-]+)*\.[a-z]{2,}$/iu;
// A company's legal form: the publisher, not a person ("Example Media Sp. z o.o.", "Example Press Ltd").
const LEGAL_FORM = /(\s|^)(inc|llc|ltd|limited|plc|gmbh|ag|s\.?a|s\.?l|s\.?r\.?l|b\.?v|corp|sp\. z o\.o|spa|oy|ab|as|kg|nv)\.?$/i;
const NOT_A_NAME = /^(follow|share|admin|administrator|unknown|guest|anonymous|author|authors|staff writer|editorial staff|comments?|updated|published|posted|last updated|read more|view all|see all|see more|more|home|archive|e-?mail|contact|twitter|facebook|bio|staff reports?|(wire|staff|news) (reports?|services?))\b|(wire|staff|news) (reports?|services?)$/i;

/**
 * The page's byline, from whichever source states one, joined the way a reader writes it. The
 * outlet named beside the people ("Ana Ruiz and USA TODAY" on usatoday.com) is not one of them.
 */
export function chooseAuthor(sources: Array<string[] | undefined>, siteName?: string, host = ''): string | undefined {
  const site = siteName ? squash(siteName) : '';
  let fallback: string[] | undefined;
  for (const source of sources) {
    const all = dedupe((source ?? []).map((byline) => withoutAffiliation(byline, siteName)).flatMap(authorNames));
    const people = all.filter((name) => !matchesHost(name, host));
    const names = people.length > 0 ? people : all;
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

/**
 * "Ana Ruiz BBC News, Washington" is Ana Ruiz: the outlet (its name with or without ".com") and what
 * follows it are her affiliation. A single word before the outlet's name is part of the company's
 * name ("Ediciones El País"), and names no one; nor does the outlet's name with a role after it.
 */
function withoutAffiliation(byline: string, siteName: string | undefined): string {
  const lower = byline.toLowerCase();
  // "Example News Correspondent", "Example News Staff": the outlet's own credit, no one's name.
  if (siteName && siteName.length > 2 && lower.startsWith(siteName.toLowerCase())) {
    const role = byline.slice(siteName.length).trim();
    if (role && isJobTitle(role)) return '';
  }
  const at = [siteName, siteName?.replace(/\.[a-z]{2,3}(\.[a-z]{2})?$/i, '')]
    .filter((name): name is string => Boolean(name && name.length > 2))
    .map((name) => lower.indexOf(name.toLowerCase()))
    .find((index) => index > 0);
  if (at === undefined) return byline;
  const before = byline.slice(0, at).replace(/[\s,;|•·—–-]+$/, '');
  return /\s/.test(before.replace(PREFIX, '').trim()) ? before : '';
}

/** An outlet written after the names in a byline that is the site's own host ("Ana Ruiz, USA TODAY" on usatoday.com). */
export function outletInBylines(bylines: readonly string[], host: string): string | undefined {
  for (const byline of bylines) {
    const pieces = clean(byline).replace(PREFIX, '').split(/\s*(?:,|;|\band\b|\s[-|•·—–]\s)\s*/i).slice(1);
    const outlet = pieces.map((piece) => piece.trim().replace(/^special (?:to|for) /i, '')).find((piece) => piece.length > 1 && matchesHost(piece, host));
    if (outlet) return outlet;
  }
  return undefined;
}

/** Names in a byline as pages write it: "By Ana Ruiz and Tom Reed • 8h", "ANA RUIZ March 11, 2015". */
export function authorNames(byline: string): string[] {
  // "CAIRO —" opens a dateline, not a byline.
  if (/^[\p{Lu}\s.,'-]+\s[—–-]$/u.test(clean(byline)) || /^\p{Lu}[\p{L}\s.,'-]*\s[—–]$/u.test(clean(byline))) return [];
  // A link beside the name ("Ana Ruiz (https://ana.example/)") is dropped; a byline that is only a link names no one.
  let text = clean(clean(byline).replace(URL_IN_TEXT, ' ')).replace(PREFIX, '');
  if (/^@|@\w+\.\w|\b[\w-]+\.(?:com|org|net|co|io|uk|de|fr)\//i.test(text) || DOMAIN.test(text)) return [];
  // A user name ("CC7567", "jdoe_42") is an account, not a byline.
  if (/^[\p{L}_.-]+\d+$/u.test(text)) return [];
  // What follows a bar, a bullet, a spaced dash or a date is not the name.
  text = withoutRoleAfterCapitals(text).split(/\s+[|•·—–-]\s+|\s*\|\s*/)[0]!.replace(/\s+(?:edited|photographs?|photos|illustrations?|graphics|additional reporting|reporting|translated|produced|video)\s+by\b.*$/i, '');
  text = text.replace(/\s*(?:\b(?:(?:last\s+)?updated|published|posted|on)\b.*|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d.*|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*|\d.*)$/i, '');
  // A button's word after a name ("Ana Ruiz Follow", "Ana Ruiz Email").
  text = text.replace(/\s+(?:follow|e-?mail|contact|twitter)(?:\s+(?:me|him|her|on\s+\w+))?$/i, '');
  // A domain after the names ("… in Miami, example.co.uk, Thursday 6 June") ends them.
  text = text.replace(/(?<=\S)[\s,]+[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co\.uk|co|uk|de|fr|es|it|au|ca|in|info|io)\b.*$/i, '');
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
    if (DOMAIN.test(trimmed)) continue;
    if (names.length > 0 && (isJobTitle(name) || ROLE_END.test(trimmed) || AGENCY.test(trimmed) || OUTLET_END.test(trimmed))) {
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

/** "ANA RUIZ and TOM REED Special correspondents in Lyon": names set in capitals end where the capitals do. */
function withoutRoleAfterCapitals(text: string): string {
  const words = text.split(' ');
  const capitals = (word: string) => /^\p{Lu}[\p{Lu}'’.-]+[,;]?$/u.test(word);
  if (words.length < 3 || !capitals(words[0]!) || !capitals(words[1]!)) return text;
  // "McNEIL", "MacLEOD", "Jr." and particles ("de", "van") are still the name.
  const lower = (word: string) => (word.match(/\p{Ll}/gu)?.length ?? 0) > (word.match(/\p{Lu}/gu)?.length ?? 0) && !/^(jr|sr)\.?,?$/i.test(word);
  const end = words.findIndex((word) => lower(word) && !JOINER.test(word) && !PARTICLE.test(word));
  return end > 1 ? words.slice(0, end).join(' ').replace(/[\s,;:|•·—–-]+$/, '') : text;
}

/** "Ana Ruiz and Tom Reed"; "Ana Ruiz, Tom Reed and Li Wei". */
export function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
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
  if (name.length < 2 || name.length > 60 || words.length > 6 || !/\p{L}/u.test(name) || NOT_A_NAME.test(name) || LEGAL_FORM.test(name)) return false;
  // A headline or a sentence beside a name ("Ana Ruiz Trump's visit: what to expect") is not a name.
  if (/[:?!"“”@/\\+]|\p{L}['’]s\s|^['‘’]/u.test(name)) return false;
  // One word in capitals is a dateline's place ("MIAMI"), unless it is an agency ("AP").
  if (words.length === 1 && /^\p{Lu}{2,}$/u.test(name) && !AGENCY.test(name)) return false;
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
