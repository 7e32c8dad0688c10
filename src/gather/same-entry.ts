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
  /** False when other entries of the same source share the link (a podcast's episodes all linking to its home page): then the link tells no story from another. */
  identifying: boolean;
}

/**
 * Within one source, the entries that are the same entry: never two with different links; with
 * the same link, the same guid/id when both have one, else the same title. Linear: entries are
 * looked up by source and link, then by id and by title.
 */
export function sameSourceUnits(entries: readonly Identified[], keys: readonly TitleKey[]): SourceUnit[] {
  const units: SourceUnit[] = [];
  const buckets = new Map<string, { byId: Map<string, SourceUnit & { id?: string }>; byTitle: Map<string, SourceUnit & { id?: string }>; units: SourceUnit[] }>();
  entries.forEach((entry, i) => {
    const link = canonicalUrl(entry.url);
    const bucketKey = `${entry.source}\n${link}`;
    let bucket = buckets.get(bucketKey);
    if (!bucket) buckets.set(bucketKey, (bucket = { byId: new Map(), byTitle: new Map(), units: [] }));
    let unit = entry.id ? bucket.byId.get(entry.id) : undefined;
    if (!unit) {
      const sameTitle = bucket.byTitle.get(keys[i]!.exact);
      // Two ids that differ are two entries, whatever their titles say.
      if (sameTitle && !(entry.id && sameTitle.id && sameTitle.id !== entry.id)) unit = sameTitle;
    }
    if (unit) unit.members.push(i);
    else {
      unit = { source: entry.source, members: [i], link, key: keys[i]!, identifying: true, ...(entry.id ? { id: entry.id } : {}) };
      units.push(unit);
      bucket.units.push(unit);
      if (!bucket.byTitle.has(keys[i]!.exact)) bucket.byTitle.set(keys[i]!.exact, unit);
    }
    if (entry.id && !bucket.byId.has(entry.id)) bucket.byId.set(entry.id, unit);
  });
  for (const bucket of buckets.values()) if (bucket.units.length > 1) for (const unit of bucket.units) unit.identifying = false;
  return units;
}
