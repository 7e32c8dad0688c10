import { canonicalUrl } from './canonical-url.js';
import { normalizeWords } from './topic-filter.js';

export interface Foldable {
  title: string;
  url: string;
}

// Titles sharing this share of their words (Jaccard) are one story told twice...
const SAME_STORY = 0.75;
// ...if they have this many words; shorter ones must have the very same words.
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
  entries.forEach((entry, i) => {
    const key = canonicalUrl(entry.url);
    const same = byUrl.get(key);
    if (same === undefined) byUrl.set(key, i);
    else join(same, i);
  });

  const words = entries.map((entry) => [...new Set(normalizeWords(entry.title).split(' ').filter((w) => w.length > 1 && !STOPWORDS.has(w)))]);
  const frequency = new Map<string, number>();
  for (const list of words) for (const word of list) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  // Prefix filtering: with its words rarest first, a title can only reach the threshold with
  // another that shares one of its first few words, so only those pairs are compared.
  const byWord = new Map<string, number[]>();
  words.forEach((list, i) => {
    list.sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1));
    const needed = list.length < MIN_WORDS ? list.length : Math.ceil(SAME_STORY * list.length);
    const mine = new Set(list);
    const compared = new Set<number>();
    for (const word of list.slice(0, list.length - needed + 1)) {
      const seen = byWord.get(word);
      for (const j of seen ?? []) {
        if (compared.has(j)) continue;
        compared.add(j);
        if (sameStory(mine, words[j]!)) join(j, i);
      }
      if (seen) seen.push(i);
      else byWord.set(word, [i]);
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

function sameStory(mine: ReadonlySet<string>, theirs: readonly string[]): boolean {
  const common = theirs.filter((word) => mine.has(word)).length;
  if (Math.min(mine.size, theirs.length) < MIN_WORDS) return common === mine.size && common === theirs.length;
  return common / (mine.size + theirs.length - common) >= SAME_STORY;
}
