import { closestName } from '../shared/closest-name.js';
import { COMMON_FIELDS, FIELDS_BY_KIND, ITEM_KINDS, type Item } from './item.js';

/** Names editors reach for that mean one of our fields. */
const SYNONYMS: Record<string, string> = {
  description: 'dek',
  summary: 'dek',
  standfirst: 'dek',
  subtitle: 'dek',
  teaser: 'dek',
  byline: 'author',
  link: 'url',
  href: 'url',
  photo: 'image',
  img: 'image',
  picture: 'image',
  label: 'kicker',
  outlet: 'source',
  type: 'kind',
};

/**
 * Warnings for front matter the issue would silently ignore: unknown fields (with the field
 * probably meant), fields this kind of item does not show, and image details without an image.
 */
export function fieldWarnings(keys: readonly string[], item: Item, known: readonly string[]): string[] {
  const warnings: string[] = [];
  const shown = new Set<string>([...COMMON_FIELDS, ...FIELDS_BY_KIND[item.kind]]);
  for (const key of keys) {
    if (!known.includes(key)) {
      const meant = suggestField(key, known);
      warnings.push(`${item.file}: unknown front matter field "${key}" is ignored${meant ? `; did you mean \`${meant}\`?` : ''}`);
    } else if (!shown.has(key)) {
      const kinds = ITEM_KINDS.filter((kind) => FIELDS_BY_KIND[kind].includes(key));
      warnings.push(`${item.file}: \`${key}\` is not shown on a ${item.kind} item (only on ${kinds.join(', ')}); it is ignored`);
    }
  }
  if (!item.image && FIELDS_BY_KIND[item.kind].includes('image')) {
    for (const key of ['alt', 'caption', 'credit'] as const) {
      if (item[key]) warnings.push(`${item.file}: \`${key}\` is not shown without an \`image\``);
    }
  }
  return warnings;
}

/** The known field an unknown one most likely misspells (or means, by another name), if any is close enough to say so. */
export function suggestField(key: string, known: readonly string[]): string | undefined {
  const synonym = SYNONYMS[key.toLowerCase().trim().replace(/[-_ ]/g, '')];
  if (synonym && known.includes(synonym)) return synonym;
  return closestName(key, known);
}
