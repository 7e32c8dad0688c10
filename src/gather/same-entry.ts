import { canonicalUrl } from './canonical-url.js';

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
  /** Indexes of the entries, in input order; the first gives the unit's title. */
  members: number[];
  /** The canonical link all its entries share. */
  link: string;
  id?: string;
  /** False when other entries of the same source share the link (a podcast's episodes all linking to its home page): then the link tells no story from another. */
  identifying: boolean;
}

/**
 * Within one source, the entries that are the same entry: never two with different links; with
 * the same link, the same guid/id when both have one, else the same title (`exactTitle`, asked
 * only of entries whose link another entry of their source has too). Linear: entries are looked
 * up by source and link, then by id and by title.
 */
export function sameSourceUnits(entries: readonly Identified[], exactTitle: (index: number) => string): SourceUnit[] {
  const units: SourceUnit[] = [];
  // Flat maps keyed by "source, link[, id or title]": one map each, not one per link.
  const firstAt = new Map<string, SourceUnit>();
  const byId = new Map<string, SourceUnit>();
  const byTitle = new Map<string, SourceUnit>();
  const index = (place: string, unit: SourceUnit, i: number) => {
    if (unit.id && !byId.has(place + unit.id)) byId.set(place + unit.id, unit);
    if (!byTitle.has(place + exactTitle(i))) byTitle.set(place + exactTitle(i), unit);
  };
  entries.forEach((entry, i) => {
    const link = canonicalUrl(entry.url);
    const place = `${entry.source}\n${link}\n`;
    const first = firstAt.get(place);
    const created = (): SourceUnit => {
      const unit: SourceUnit = { source: entry.source, members: [i], link, identifying: !first, ...(entry.id ? { id: entry.id } : {}) };
      units.push(unit);
      return unit;
    };
    if (!first) {
      firstAt.set(place, created());
      return;
    }
    // A link the source used before: only now are ids and titles worth indexing.
    if (first.identifying) {
      first.identifying = false;
      index(place, first, first.members[0]!);
    }
    let unit = entry.id ? byId.get(place + entry.id) : undefined;
    if (!unit) {
      const sameTitle = byTitle.get(place + exactTitle(i));
      // Two ids that differ are two entries, whatever their titles say.
      if (sameTitle && !(entry.id && sameTitle.id && sameTitle.id !== entry.id)) unit = sameTitle;
    }
    if (unit) {
      unit.members.push(i);
      if (entry.id && !byId.has(place + entry.id)) byId.set(place + entry.id, unit);
    } else index(place, created(), i);
  });
  return units;
}
