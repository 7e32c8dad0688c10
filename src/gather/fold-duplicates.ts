import { sameSourceUnits, type Identified, type SourceUnit } from './same-entry.js';
import { titleKey, type TitleKey } from './title-key.js';

export type Foldable = Identified;

// Titles sharing this share of their story words (Jaccard) are one story told twice...
const SAME_STORY = 0.75;
// ...if they have this many words; shorter ones must have the very same words...
const EXACT_BELOW = 4;
// ...and titles with fewer than this ("Episode 12", "v3.8.4") fold only by their link.
const MIN_WORDS = 3;
// Stories compared at most per word of a title: similar titles by the thousand cost no more than distinct ones.
const BUCKET_LIMIT = 32;

interface Story {
  /** The title of its first entry, which every other must resemble. */
  leader: TitleKey;
  /** The leader's words as a set, made when first compared. */
  leaderWords?: Set<string>;
  units: SourceUnit[];
  /** Its sources: a handful at most, so a list. */
  sources: number[];
}

/**
 * Groups entries that are the same story told by several outlets: an entry of one source joins
 * the story of another source's entry with the same link (unless its own source uses that link
 * for several entries) or a near-identical title with the same numbers ("Envoys meet in Geneva"
 * and "Envoys meet in Geneva, officials say"; never "Day 4" and "Day 5"). Within one source,
 * only the same entry listed twice folds (see sameSourceUnits). Joins are not transitive: an
 * entry joins a story only by resembling its first entry, so a chain of small changes never
 * merges unlike stories. Near-linear: titles are indexed by their rarest words and numbers.
 * Returns groups of indexes, each in input order, so the caller's preferred entry leads.
 */
export function foldDuplicates(entries: readonly Foldable[]): number[][] {
  const keys: Array<TitleKey | undefined> = [];
  const keyOf = (i: number) => (keys[i] ??= titleKey(entries[i]!.title));
  const units = sameSourceUnits(entries, (i) => keyOf(i).exact);
  // One source has nothing to fold with another.
  if (new Set(units.map((unit) => unit.source)).size < 2) return units.map((unit) => unit.members);

  const unitKeys = units.map((unit) => keyOf(unit.members[0]!));
  const frequency = new Map<string, number>();
  for (const key of unitKeys) for (const word of key.words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  // Rarest first, the same order for every title: prefix filtering needs one order.
  for (const key of unitKeys) key.words.sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1));

  const stories: Story[] = [];
  const byLink = new Map<string, Story>();
  const byWord = new Map<string, Story[]>();
  units.forEach((unit, u) => {
    const key = unitKeys[u]!;
    const indexKeys = buckets(key);
    const story = linkedStory(unit, byLink) ?? similarStory(unit, key, indexKeys, byWord);
    if (story) {
      story.units.push(unit);
      story.sources.push(unit.source);
      return;
    }
    const created: Story = { leader: key, units: [unit], sources: [unit.source] };
    stories.push(created);
    if (unit.identifying && !byLink.has(unit.link)) byLink.set(unit.link, created);
    for (const bucket of indexKeys) {
      const list = byWord.get(bucket);
      if (!list) byWord.set(bucket, [created]);
      else if (list.length < BUCKET_LIMIT) list.push(created);
    }
  });
  return stories.map((story) => story.units.flatMap((unit) => unit.members).sort((a, b) => a - b));
}

function linkedStory(unit: SourceUnit, byLink: Map<string, Story>): Story | undefined {
  if (!unit.identifying) return undefined;
  const story = byLink.get(unit.link);
  return story && !story.sources.includes(unit.source) ? story : undefined;
}

/** The story, from another source, whose first title is most like this one; the earliest on a tie. */
function similarStory(unit: SourceUnit, key: TitleKey, keys: readonly string[], byWord: Map<string, Story[]>): Story | undefined {
  let best: Story | undefined;
  let bestScore = 0;
  const seen = new Set<Story>();
  for (const bucket of keys) {
    for (const story of byWord.get(bucket) ?? []) {
      if (seen.has(story) || story.sources.includes(unit.source)) continue;
      seen.add(story);
      const score = similarity(key, story.leader, (story.leaderWords ??= new Set(story.leader.words)));
      if (score > bestScore) [best, bestScore] = [story, score];
    }
  }
  return best;
}

/**
 * Index keys of a title: its numbers with each of its rarest words, as many as prefix filtering
 * needs (two titles at the threshold share at least one of them). None for titles too short to fold.
 */
function buckets(key: TitleKey): string[] {
  const n = key.words.length;
  if (n < MIN_WORDS) return [];
  const prefix = n < EXACT_BELOW ? 1 : n - Math.ceil(SAME_STORY * n) + 1;
  return key.words.slice(0, prefix).map((word) => `${key.numbers}\n${word}`);
}

/** 0 for different stories; otherwise the share of story words the titles have in common (at least SAME_STORY). */
function similarity(a: TitleKey, b: TitleKey, theirs: ReadonlySet<string>): number {
  if (a.numbers !== b.numbers || Math.min(a.words.length, b.words.length) < MIN_WORDS) return 0;
  const common = a.words.filter((word) => theirs.has(word)).length;
  if (Math.min(a.words.length, b.words.length) < EXACT_BELOW) return common === a.words.length && common === b.words.length ? 1 : 0;
  const jaccard = common / (a.words.length + b.words.length - common);
  return jaccard >= SAME_STORY ? jaccard : 0;
}
