// Word-shingle precision, recall and F1 of an extracted text against a clean reference, as the
// article-extraction benchmarks compute them (scrapinghub/article-extraction-benchmark,
// evaluate.py): words are runs of letters, digits and underscores, case kept; shingles are
// runs of 4 words, counted with repeats; each page's true positives, false positives and false
// negatives are normalised to sum to 1, so a long page weighs no more than a short one; the
// corpus precision and recall are the means over pages, and F1 is their harmonic mean.
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;
const N = 4;

function shingles(text) {
  const words = (text ?? '').match(WORD) ?? [];
  const counts = new Map();
  for (let i = 0; i < Math.max(1, words.length - N + 1); i++) {
    const key = words.slice(i, i + N).join(' ');
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** One page's normalised [tp, fp, fn]. */
export function shingleMatch(reference, extracted) {
  const want = shingles(reference);
  const got = shingles(extracted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const w = want.get(key) ?? 0;
    const g = got.get(key) ?? 0;
    tp += Math.min(w, g);
    fp += Math.max(0, g - w);
    fn += Math.max(0, w - g);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? [tp / sum, fp / sum, fn / sum] : [0, 0, 0];
}

const precisionOf = ([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp));
const recallOf = ([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn));
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Corpus precision, recall and F1 from the pages' [tp, fp, fn]. */
export function corpusScores(matches) {
  const precision = mean(matches.filter(([tp, fp]) => tp + fp > 0).map(precisionOf));
  const recall = mean(matches.filter(([tp, , fn]) => tp + fn > 0).map(recallOf));
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** One page's F1, to list the pages that score worst. */
export function pageF1(match) {
  const p = precisionOf(match);
  const r = recallOf(match);
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}
