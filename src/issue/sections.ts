// The parts of an issue built from its items: the news bullets and their section heading.
import { compact } from '../shared/compact.js';
import type { Item } from '../items/item.js';
import type { Bullet } from './types.js';

/** A week's section heading: the first item that sets one wins, else the config's. */
export function chooseHeading(items: readonly Item[], fallback: string, warnings: string[]): string {
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
export function toBullet(html: string, item: Item): Bullet {
  let inner = html.trim();
  const single = /^<p>([\s\S]*)<\/p>$/.exec(inner);
  if (single && !single[1]!.includes('<p>')) inner = single[1]!;
  inner = inner.replace(/^\s*(?:—|–|&mdash;|&ndash;)\s*/, '');
  const citesSomething = /<a\s[^>]*href=/i.test(inner);
  const source = item.url && !citesSomething ? { label: item.source ?? new URL(item.url).hostname.replace(/^www\./, ''), url: item.url } : undefined;
  return compact({ html: inner, source, file: item.file });
}
