import type { ItemKind } from '../items/item.js';

/** An entry as a feed or listing page gives it, before dates, filters and sanitising. */
export interface RawEntry {
  /** HTML (entities and tags as the source wrote them); may be empty. */
  title: string;
  /** Absolute http(s) URL, or empty when the entry links nowhere. */
  url: string;
  /** The feed's own identity for the entry (RSS guid, Atom id, JSON Feed id, RDF about), when it gives one. */
  id?: string;
  summaryHtml: string;
  /** Date strings in order of preference (published before updated). */
  dates: string[];
}

/** A raw entry made safe: its HTML sanitised like item HTML, then kept as plain text. */
export interface SourceEntry {
  title: string;
  url: string;
  id?: string;
  summary: string;
  dates: string[];
}

/** An entry dated in the newsletter's zone, inside the week, with its source's name and kind. */
export interface Entry {
  /** Position of its source in the config, which also ranks outlets when stories fold. */
  source: number;
  outlet: string;
  kind: ItemKind;
  title: string;
  url: string;
  id?: string;
  /** Plain text, sanitised like item HTML first. */
  summary: string;
  day: string;
  time?: string;
  instant: number;
}

/** One story for the editor: the entries of every outlet that ran it, folded. */
export interface Candidate {
  kind: ItemKind;
  title: string;
  day: string;
  time?: string;
  instant: number;
  summary: string;
  /** Every outlet that ran the story, the preferred one (earliest in the config) first. */
  links: Array<{ outlet: string; url: string }>;
  /** Markdown ready to become the item's body (the drafted State Department note). */
  draft?: string;
}
