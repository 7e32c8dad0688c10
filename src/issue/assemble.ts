import type { Config } from '../config/schema.js';
import { compact } from '../shared/compact.js';
import { compareCodePoints } from '../shared/compare-code-points.js';
import type { Item, ItemKind } from '../items/item.js';
import { markdownToBullets, markdownToHtml } from '../items/markdown.js';
import { selectWeek } from '../items/week-membership.js';
import type { Week } from '../shared/week.js';
import { ItemCleaner } from './cleaner.js';
import { defusePlaceholders } from './placeholders.js';
import { chooseHeading, toBullet } from './sections.js';
import { defaultSubject, firstWords, paragraphs, pickSet, spellDate } from './text.js';
import type { Issue, Lead, RelatedRead } from './types.js';
import { requireLeadAndNote } from './week-items.js';

const KIND_ORDER: Record<ItemKind, number> = { lead: 0, news: 1, 'state-dept': 2, related: 3 };
const PREHEADER_FALLBACK_LENGTH = 140;

/**
 * Builds the week's Issue from its items: checks there is exactly one lead, renders and
 * sanitises every body, and derives subject, preheader and headings. Pure.
 */
export function assembleIssue(allItems: readonly Item[], week: Week, config: Config, everyItem: readonly Item[] = allItems): { issue: Issue; warnings: string[] } {
  const items = selectWeek(allItems, week);
  // Every item under digests/, when allItems holds the week's only: an empty week names the nearest with items.
  const { lead: leadItem, note } = requireLeadAndNote(items, week, config, everyItem);
  const warnings: string[] = [];
  const cleaner = new ItemCleaner();
  const lead = buildLead(leadItem, cleaner);
  const newsItems = items.filter((item) => item.kind === 'news');
  const bullets = newsItems.flatMap((item) => markdownToBullets(item.body).map((html) => toBullet(cleaner.clean(html, item, 'a news bullet'), item)));
  const stateDept = note ? { heading: note.heading ?? config.headings.stateDept, html: cleaner.clean(markdownToHtml(note.body), note, 'the State Department note') } : null;
  const related = relatedReads(items, cleaner);
  cleaner.assertClean();

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

function buildLead(item: Item, cleaner: ItemCleaner): Lead {
  return {
    ...pickSet(item, ['title', 'dek', 'author', 'url', 'image', 'alt', 'caption', 'credit']),
    title: item.title!,
    dekParagraphs: paragraphs(item.dek),
    readOriginal: item.readOriginal !== false,
    html: cleaner.clean(markdownToHtml(item.body), item, item.body ? 'the lead' : undefined),
    file: item.file,
  };
}

/** In file-name order (by code points, the same on every machine): their dates are the articles' own, so only the names let the editor choose. */
function relatedReads(items: readonly Item[], cleaner: ItemCleaner): RelatedRead[] {
  return items
    .filter((item) => item.kind === 'related')
    .sort((a, b) => compareCodePoints(a.file, b.file))
    .map(
      (item): RelatedRead => ({
        ...pickSet(item, ['kicker', 'dek', 'image', 'caption', 'credit']),
        title: item.title!,
        dekParagraphs: paragraphs(item.dek),
        html: item.body ? cleaner.clean(markdownToHtml(item.body), item, 'the teaser') : '',
        url: item.url!,
        alt: item.alt ?? item.title!,
        date: item.date,
        file: item.file,
      }),
    );
}
