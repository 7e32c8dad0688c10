import type { Config } from '../config/schema.js';
import type { ItemKind } from '../items/item.js';
import type { ListingSelectors } from './parse-listing.js';

/** The official list: "Department Press Briefings" on state.gov (Press Briefings and Statements). */
export const STATE_DEPT_BRIEFINGS_URL = 'https://www.state.gov/department-press-briefings/';

/**
 * state.gov's collection pages: one `li.collection-result` per briefing, its title link
 * ("Department Press Briefing – March 5, 2024") and a meta line whose last span is the date.
 * The title's date (the day it was held) comes first; the posting date is the fallback.
 */
export const STATE_DEPT_SELECTORS: ListingSelectors = {
  entries: 'li.collection-result',
  link: 'a.collection-result__link',
  date: 'a.collection-result__link, .collection-result-meta span',
};

export interface ResolvedSource {
  /** Position in the config, for messages ("sources.2") and to rank outlets. */
  index: number;
  type: 'feed' | 'listing' | 'state-dept';
  outlet: string;
  url: string;
  kind: ItemKind;
  include: readonly string[];
  exclude: readonly string[];
  listing?: ListingSelectors;
  dateFormat?: string;
}

/** The config's sources with the State Department preset's defaults filled in. */
export function resolveSources(config: Config): ResolvedSource[] {
  return config.sources.map((source, index) => {
    const { dateFormat, ...selectors } = source.listing ?? { entries: '' };
    const base = { index, type: source.type, include: source.include, exclude: source.exclude, ...(dateFormat ? { dateFormat } : {}) };
    if (source.type === 'state-dept') {
      return {
        ...base,
        outlet: source.outlet ?? 'State Department',
        url: source.url ?? STATE_DEPT_BRIEFINGS_URL,
        kind: 'state-dept',
        listing: { ...STATE_DEPT_SELECTORS, ...(source.listing ? selectors : {}) },
      };
    }
    // The config's schema guarantees url and outlet for feeds and listing pages.
    return { ...base, outlet: source.outlet!, url: source.url!, kind: source.kind ?? 'news', ...(source.type === 'listing' ? { listing: selectors } : {}) };
  });
}
