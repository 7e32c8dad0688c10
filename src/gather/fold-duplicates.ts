import { canonicalUrl } from './canonical-url.js';
import { normalizeWords } from './topic-filter.js';

export interface Foldable {
  title: string;
  url: string;
}

// Titles sharing this share of their words (Jaccard) are one story told twice.
const SAME_STORY = 0.75;
const MIN_WORDS = 4;
// Words too common to say two titles are about the same thing.
const STOPWORDS = new Set('a an and are as at be by for from has have in is it its of on or says say said than that the to was were will with after over new'.split(' '));

/**
 * Groups entries that are the same story: the same canonical URL, or near-identical titles
 * ("Envoys meet in Geneva" and "Envoys meet in Geneva, officials say"). Returns groups of
 * indexes in input order, each group in input order, so the caller's preferred entry leads.
 */
export function foldDuplicates(entries: readonly Foldable[]): number[][] {
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const join = (a: number, b: number) => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const byUrl = new Map<string, number>();
  const words = entries.map((entry) => new Set(normalizeWords(entry.title).split(' ').filter((w) => w.length > 1 && !STOPWORDS.has(w))));
  // An inverted index keeps this near-linear: only titles sharing a word are compared.
  const byWord = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    const key = canonicalUrl(entry.url);
    const sameUrl = byUrl.get(key);
    if (sameUrl === undefined) byUrl.set(key, i);
    else join(sameUrl, i);

    const mine = words[i]!;
    const shared = new Map<number, number>();
    for (const word of mine) {
      for (const j of byWord.get(word) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
      const list = byWord.get(word);
      if (list) list.push(i);
      else byWord.set(word, [i]);
    }
    for (const [j, common] of shared) {
      const theirs = words[j]!;
      if (Math.min(mine.size, theirs.size) < MIN_WORDS && mine.size + theirs.size !== 2 * common) continue;
      if (common / (mine.size + theirs.size - common) >= SAME_STORY) join(j, i);
    }
  });

  const groups = new Map<number, number[]>();
  entries.forEach((_, i) => {
    const r = root(i);
    const group = groups.get(r);
    if (group) group.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()];
}
