import type { ItemKind } from '../items/item.js';
import type { Week } from '../shared/week.js';

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
