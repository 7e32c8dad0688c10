import { getISOWeeksInYear } from 'date-fns/getISOWeeksInYear';

export const ITEM_KINDS = ['lead', 'news', 'state-dept', 'related'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One markdown item as the editor wrote it: front matter plus the markdown body. */
export interface Item {
  kind: ItemKind;
  /** Calendar day, YYYY-MM-DD: decides the week the item belongs to, unless its folder names one. */
  date: string;
  /** Path relative to the project root, for messages and the manifest. */
  file: string;
  title?: string;
  dek?: string;
  author?: string;
  url?: string;
  source?: string;
  image?: string;
  alt?: string;
  caption?: string;
  credit?: string;
  heading?: string;
  kicker?: string;
  subject?: string;
  preheader?: string;
  /** Lead only: false hides the "Read the original" link (when the lead is our own article). */
  readOriginal?: boolean;
  /** Markdown, trimmed; empty when the item has none. */
  body: string;
}

/** Front matter fields every kind uses. */
export const COMMON_FIELDS = ['kind', 'date'] as const;

/**
 * The fields each kind of item shows (or uses) in the bundled templates and the text part; any
 * other known field on that kind is reported, since the reader would never see it.
 */
export const FIELDS_BY_KIND: Record<ItemKind, readonly string[]> = {
  lead: ['title', 'dek', 'author', 'url', 'image', 'alt', 'caption', 'credit', 'kicker', 'subject', 'preheader', 'readOriginal'],
  news: ['url', 'source', 'heading'],
  'state-dept': ['heading'],
  related: ['title', 'dek', 'url', 'image', 'alt', 'caption', 'credit', 'kicker'],
};

/** Items written as just a `url`: their text is scraped at compose time. */
export function needsScraping(item: Pick<Item, 'url' | 'body' | 'kind'>): boolean {
  return Boolean(item.url) && !item.body && (item.kind === 'lead' || item.kind === 'news');
}

const WEEK_FOLDER = /^(\d{4})-[Ww](\d{2})$/;

/**
 * The week named by the nearest enclosing folder such as `2024-W21` (in `digests/2024-W21/…`),
 * or undefined when no folder on the item's path names a week that exists.
 */
export function weekFolderOf(file: string): string | undefined {
  const folders = file.split(/[\\/]/).slice(0, -1).reverse();
  for (const folder of folders) {
    const match = WEEK_FOLDER.exec(folder);
    if (!match) continue;
    const [year, week] = [Number(match[1]), Number(match[2])];
    // Weeks 52 or 53, depending on the year: 2023-W53 is no week and so no week folder.
    if (week >= 1 && week <= getISOWeeksInYear(new Date(Date.UTC(year, 0, 4)))) return `${match[1]}-W${match[2]}`;
  }
  return undefined;
}
