export const ITEM_KINDS = ['lead', 'news', 'state-dept', 'related'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One markdown item as the editor wrote it: front matter plus the markdown body. */
export interface Item {
  kind: ItemKind;
  /** Calendar day, YYYY-MM-DD: decides the week the item belongs to. */
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
  heading?: string;
  kicker?: string;
  subject?: string;
  preheader?: string;
  /** Markdown, trimmed; empty when the item has none. */
  body: string;
}

/** Items written as just a `url`: their text is scraped at compose time. */
export function needsScraping(item: Item): boolean {
  return Boolean(item.url) && !item.body && (item.kind === 'lead' || item.kind === 'news');
}
