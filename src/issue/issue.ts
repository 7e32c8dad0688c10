import { decodeHTML } from 'entities';
import sanitize from 'sanitize-html';
import type { Config } from '../config/schema.js';
import { compact } from '../shared/compact.js';
import { compareCodePoints } from '../shared/compare-code-points.js';
import { UserError } from '../shared/errors.js';
import { ITEM_KINDS, type Item, type ItemKind } from '../items/item.js';
import { markdownToBullets, markdownToHtml } from '../items/markdown.js';
import { defusePlaceholders } from './placeholders.js';
import { selectWeek } from '../items/week-membership.js';
import { sanitizeForEmail } from './sanitize.js';
import { parseCalendarDate, type Week } from '../shared/week.js';

export interface Lead {
  title: string;
  dek?: string;
  /** The dek's paragraphs (a `dek: |` with a blank line has two); empty without a dek. */
  dekParagraphs: string[];
  author?: string;
  url?: string;
  image?: string;
  alt?: string;
  caption?: string;
  credit?: string;
  /** Whether to show the "Read the original" link to `url` (an item's `readOriginal: false` hides it). */
  readOriginal: boolean;
  /** Sanitised HTML of the body. */
  html: string;
  file: string;
}

export interface Bullet {
  /** Inline HTML when the bullet is one paragraph (the usual case), else block HTML. */
  html: string;
  /** Set when the bullet itself links nowhere: the item's own url, so every bullet cites its source. */
  source?: { label: string; url: string };
  file: string;
}

/** A teaser card for a related read. */
export interface RelatedRead {
  title: string;
  /** The card's own label, as typed ("Analysis | Example Desk"). */
  kicker?: string;
  dek?: string;
  dekParagraphs: string[];
  /** Sanitised HTML of the item's body: the teaser, one or more paragraphs; empty without a body. */
  html: string;
  url: string;
  image?: string;
  alt: string;
  caption?: string;
  credit?: string;
  /** The article's own date, which need not fall in the issue's week. */
  date: string;
  file: string;
}

/**
 * One week's issue, validated and ready to render. Everything here is safe to put in HTML, and
 * nothing in it is a placeholder (see defusePlaceholders).
 */
export interface Issue {
  week: Week;
  /** The publish day, spelled out: "Friday, December 29, 2023". */
  dateLabel: string;
  subject: string;
  preheader: string;
  kicker?: string;
  lead: Lead;
  news: { heading: string; bullets: Bullet[] };
  stateDept: { heading: string; html: string } | null;
  related: RelatedRead[];
  /** Every item that went in, in order, for the manifest. */
  sources: Array<{ kind: ItemKind; file: string; url?: string }>;
}

// Kept importable from here: the week's items are part of what an Issue is.
export { membershipWarnings, selectWeek } from '../items/week-membership.js';

const KIND_ORDER: Record<ItemKind, number> = { lead: 0, news: 1, 'state-dept': 2, related: 3 };
const PREHEADER_FALLBACK_LENGTH = 140;

/**
 * Builds the week's Issue from its items: checks there is exactly one lead, renders and
 * sanitises every body, and derives subject, preheader and headings. Pure.
 */
export function assembleIssue(allItems: readonly Item[], week: Week, config: Config): { issue: Issue; warnings: string[] } {
  const items = selectWeek(allItems, week);
  const range = `${week.label} (${week.start} to ${week.end})`;
  if (items.length === 0) {
    throw new UserError(`No items dated in ${range} under ${config.digestsDir}/`, {
      hint: `Add markdown items under ${config.digestsDir}/${week.label}/ or with a \`date:\` in that week, or pick another week with --week.`,
    });
  }
  const leads = items.filter((item) => item.kind === 'lead');
  if (leads.length === 0) {
    throw new UserError(`No lead item in ${range}: found ${describeKinds(items)}`, {
      hint: 'Every issue needs one item with `kind: lead`; add one dated in that week.',
    });
  }
  if (leads.length > 1) {
    throw new UserError(`Two or more lead items in ${range}: ${leads.map((l) => l.file).join(', ')}`, {
      hint: 'Keep one `kind: lead` per week; make the others news or related, or move their dates.',
    });
  }

  const stateItems = items.filter((item) => item.kind === 'state-dept');
  if (stateItems.length > 1) {
    // Two notes are a duplicate or a leftover far more often than a plan; joining them could mail both.
    throw new UserError(`Two or more State Department notes in ${range}: ${stateItems.map((i) => i.file).join(', ')}`, {
      hint: 'Keep one `kind: state-dept` item per week: put all of the note in one file, and delete or move the other.',
    });
  }

  const warnings: string[] = [];
  const problems: string[] = [];
  const emptied: string[] = [];
  const clean = (html: string, item: Item, what?: string) => {
    const result = sanitizeForEmail(html, item.url);
    for (const link of result.unresolved) problems.push(`${item.file}: relative link "${link}" cannot be resolved`);
    // An embed alone (a video, a post) leaves nothing; say so here rather than let the templates trip on it.
    if (what && isEmptyHtml(result.html)) {
      const removed = result.removed.length ? `removed: ${result.removed.map((tag) => `<${tag}>`).join(', ')}` : 'nothing left to show';
      emptied.push(`${item.file}: ${what} is empty once the markup email cannot carry is taken out (${removed})`);
    }
    return result.html;
  };

  const leadItem = leads[0]!;
  const lead: Lead = {
    ...pick(leadItem, ['title', 'dek', 'author', 'url', 'image', 'alt', 'caption', 'credit']),
    title: leadItem.title!,
    dekParagraphs: paragraphs(leadItem.dek),
    readOriginal: leadItem.readOriginal !== false,
    html: clean(markdownToHtml(leadItem.body), leadItem, leadItem.body ? 'the lead' : undefined),
    file: leadItem.file,
  };

  const newsItems = items.filter((item) => item.kind === 'news');
  const bullets = newsItems.flatMap((item) =>
    markdownToBullets(item.body).map((html) => toBullet(clean(html, item, 'a news bullet'), item)),
  );

  const stateItem = stateItems[0];
  const stateDept = stateItem ? { heading: stateItem.heading ?? config.headings.stateDept, html: clean(markdownToHtml(stateItem.body), stateItem, 'the State Department note') } : null;

  // In file-name order (by code points, the same on every machine): their dates are the articles' own, so only the names let the editor choose.
  const related = items
    .filter((item) => item.kind === 'related')
    .sort((a, b) => compareCodePoints(a.file, b.file))
    .map(
      (item): RelatedRead => ({
        ...pick(item, ['kicker', 'dek', 'image', 'caption', 'credit']),
        title: item.title!,
        dekParagraphs: paragraphs(item.dek),
        html: item.body ? clean(markdownToHtml(item.body), item, 'the teaser') : '',
        url: item.url!,
        alt: item.alt ?? item.title!,
        date: item.date,
        file: item.file,
      }),
    );

  if (problems.length > 0) {
    throw new UserError(problems[0]!, { details: problems.slice(1), hint: 'Use absolute https:// links, or give the item a `url:` to resolve them against.' });
  }
  if (emptied.length > 0) {
    throw new UserError(emptied[0]!, { details: emptied.slice(1), hint: 'Email cannot show embeds or scripts: link to the post or video instead, e.g. [Watch the briefing](https://…).' });
  }

  const issue: Issue = {
    week,
    dateLabel: spellDate(week.publishDate),
    subject: leadItem.subject ?? defaultSubject(config.name, lead.title),
    preheader: leadItem.preheader ?? (lead.dek ? lead.dekParagraphs.join(' ') : firstWords(lead.html, PREHEADER_FALLBACK_LENGTH)),
    ...compact({ kicker: leadItem.kicker ?? config.kicker }),
    lead,
    news: { heading: chooseHeading(newsItems, config.headings.news, warnings), bullets },
    stateDept,
    related,
    sources: [...items]
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.kind === 'related' ? compareCodePoints(a.file, b.file) : 0))
      .map((item) => compact({ kind: item.kind, file: item.file, url: item.url })),
  };
  // Only the templates place per-reader values; `%%NAME%%` in an item is text.
  return { issue: defusePlaceholders(issue), warnings };
}

function isEmptyHtml(html: string): boolean {
  return !/<img\b/i.test(html) && !html.replace(/<[^>]*>/g, '').replace(/&nbsp;|&#160;/g, '').trim();
}

function describeKinds(items: readonly Item[]): string {
  return ITEM_KINDS.map((kind) => [kind, items.filter((item) => item.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

/** A week's section heading: the first item that sets one wins, else the config's. */
function chooseHeading(items: readonly Item[], fallback: string, warnings: string[]): string {
  const set = items.filter((item) => item.heading);
  const distinct = new Set(set.map((item) => item.heading));
  if (distinct.size > 1) {
    warnings.push(`${set.map((i) => i.file).join(', ')}: different \`heading:\` values; using "${set[0]!.heading}"`);
  }
  return set[0]?.heading ?? fallback;
}

/**
 * One paragraph becomes inline HTML so the layout can put the em dash and source link around it;
 * a dash the editor typed is dropped since the layout adds its own.
 */
function toBullet(html: string, item: Item): Bullet {
  let inner = html.trim();
  const single = /^<p>([\s\S]*)<\/p>$/.exec(inner);
  if (single && !single[1]!.includes('<p>')) inner = single[1]!;
  inner = inner.replace(/^\s*(?:—|–|&mdash;|&ndash;)\s*/, '');
  const citesSomething = /<a\s[^>]*href=/i.test(inner);
  const source = item.url && !citesSomething ? { label: item.source ?? new URL(item.url).hostname.replace(/^www\./, ''), url: item.url } : undefined;
  return compact({ html: inner, source, file: item.file });
}

/** A dek's paragraphs: blank lines separate them; a single line break is a wrapped line. */
function paragraphs(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/[ \t]*\n[ \t]*/g, ' ').trim())
    .filter(Boolean);
}

function defaultSubject(name: string, title: string): string {
  return title.toLowerCase().startsWith(name.toLowerCase()) ? title : `${name}: ${title}`;
}

function firstWords(html: string, limit: number): string {
  const spaced = html.replace(/<\/(?:p|li|blockquote|h[1-6])>/g, " $&");
  const text = decodeHTML(sanitize(spaced, { allowedTags: [], allowedAttributes: {} })).replace(/\s+/g, ' ').trim();
  if (text.length <= limit) return text;
  return text.slice(0, text.lastIndexOf(' ', limit)).replace(/[\s,;:.]+$/, '') + '…';
}

function spellDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    parseCalendarDate(date),
  );
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<Pick<T, K>>;
}
