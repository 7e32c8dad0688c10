import { canonicalUrl } from './canonical-url.js';
import type { TitleKey } from './title-key.js';

export interface Identified {
  /** Position of its source in the config. */
  source: number;
  title: string;
  url: string;
  id?: string;
}

/** One entry of one source, listed once or more (the same guid, or the same link and title). */
export interface SourceUnit {
  source: number;
  /** Indexes of the entries, in input order. */
  members: number[];
  /** The canonical link all its entries share. */
  link: string;
  /** The first entry's title. */
  key: TitleKey;
  id?: string;
  /** False when other entries of the same source share the link (a podcast's episodes all linking to its home page): then the link tells no story from another. */
  identifying: boolean;
}

/**
 * Within one source, the entries that are the same entry: never two with different links; with
 * the same link, the same guid/id when both have one, else the same title. Linear: entries are
 * looked up by source, link and id, and by source, link and title.
 */
export function sameSourceUnits(entries: readonly Identified[], keys: readonly TitleKey[]): SourceUnit[] {
  const units: SourceUnit[] = [];
  // Flat maps keyed by "source, link[, id or title]": one map each, not one per link.
  const firstWithLink = new Map<string, SourceUnit>();
  const byId = new Map<string, SourceUnit>();
  const byTitle = new Map<string, SourceUnit>();
  entries.forEach((entry, i) => {
    const link = canonicalUrl(entry.url);
    const place = `${entry.source}\n${link}\n`;
    const key = keys[i]!;
    let unit = entry.id ? byId.get(place + entry.id) : undefined;
    if (!unit) {
      const sameTitle = byTitle.get(place + key.exact);
      // Two ids that differ are two entries, whatever their titles say.
      if (sameTitle && !(entry.id && sameTitle.id && sameTitle.id !== entry.id)) unit = sameTitle;
    }
    if (unit) unit.members.push(i);
    else {
      unit = { source: entry.source, members: [i], link, key, identifying: true, ...(entry.id ? { id: entry.id } : {}) };
      units.push(unit);
      const first = firstWithLink.get(place);
      if (first) first.identifying = unit.identifying = false;
      else firstWithLink.set(place, unit);
      if (!byTitle.has(place + key.exact)) byTitle.set(place + key.exact, unit);
    }
    if (entry.id && !byId.has(place + entry.id)) byId.set(place + entry.id, unit);
  });
  return units;
}
