import { closest, distance } from 'fastest-levenshtein';

/**
 * The known name a mistyped one most likely means ("titel" -> "title", "timezone" -> "timeZone"),
 * or undefined when none is close: about one edit in three, ignoring case.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = name.toLowerCase().trim();
  const exact = known.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;
  const lowered = known.map((candidate) => candidate.toLowerCase());
  // Two letters swapped ("nmae") is one slip of the fingers, though two edits.
  const swapped = lowered.findIndex((candidate) => isSwap(lower, candidate));
  if (swapped >= 0) return known[swapped];
  const best = closest(lower, lowered);
  const limit = Math.max(1, Math.floor(Math.max(lower.length, best.length) * 0.4));
  return distance(lower, best) <= limit ? known[lowered.indexOf(best)] : undefined;
}

/** Whether `a` is `b` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((char, i) => (char === b[i] ? [] : [i]));
  return differ.length === 2 && differ[1] === differ[0]! + 1 && a[differ[0]!] === b[differ[1]!] && a[differ[1]!] === b[differ[0]!];
}
