import type { PageIndex } from './page-index.js';
import { metadataText } from './plain-text.js';

/** A page's <meta> tags by name, lower-cased, Dublin Core spelt `dc:` and `dcterms:` whichever way the page writes it. */
export interface MetaTags {
  /** The first value stated for a name: `property` attributes before `name`, then `itemprop`. */
  get(name: string): string | undefined;
  /** The first value of the first name in `names` that the page states. */
  first(names: readonly string[], accept?: (value: string) => boolean): string | undefined;
  /** Every value of names matching the pattern, in page order (`twitter:app:name:*`). */
  matching(pattern: RegExp): string[];
  /** Every value stated for one name (a tag per author), from the attribute `get` reads it from. */
  all(name: string): string[];
}

export function readMetaTags(index: PageIndex): MetaTags {
  const byAttribute = { property: new Map<string, string>(), name: new Map<string, string>(), itemprop: new Map<string, string>() };
  const all: Array<[string, string, string]> = [];
  for (const { attribs } of index.byTag.get('meta') ?? []) {
    const content = metadataText(attribs.content);
    if (!content) continue;
    for (const attribute of ['property', 'name', 'itemprop'] as const) {
      // A property attribute may hold several space-separated names.
      for (const raw of (attribs[attribute] ?? '').toLowerCase().split(/\s+/)) {
        if (!raw) continue;
        const name = raw.replace(/^(dc|dcterms?)[.:]/, (_m, prefix: string) => `${prefix === 'dcterm' ? 'dcterms' : prefix}:`);
        const map = byAttribute[attribute];
        if (!map.has(name)) map.set(name, content);
        all.push([name, content, attribute]);
      }
    }
  }
  const get = (name: string) => byAttribute.property.get(name) ?? byAttribute.name.get(name) ?? byAttribute.itemprop.get(name);
  return {
    get,
    first(names, accept = () => true) {
      for (const name of names) {
        const value = get(name);
        if (value && accept(value)) return value;
      }
      return undefined;
    },
    matching: (pattern) => all.filter(([name]) => pattern.test(name)).map(([, value]) => value),
    all(name) {
      const attribute = (['property', 'name', 'itemprop'] as const).find((a) => byAttribute[a].has(name));
      return all.filter(([n, , a]) => n === name && a === attribute).map(([, value]) => value);
    },
  };
}
