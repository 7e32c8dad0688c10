import type { ReadEntries } from './read-entries.js';
import type { SourceOutcome } from './read-source.js';
import type { ResolvedSource } from './sources.js';

// Entries named one by one in a warning; the rest are counted.
const NAMED = 3;

/** What the editor should hear about a source's entries: a list over the cap, impossible dates, entries without a date. */
export function entryNotes(source: ResolvedSource, outcome: SourceOutcome, read: ReadEntries): string[] {
  const notes: string[] = [];
  if (outcome.total > outcome.entries.length) {
    notes.push(`lists ${outcome.total} entries; only the first ${outcome.entries.length} were read (the rest may hold this week's: ask for a shorter feed, or follow a listing page)`);
  }
  for (const entry of read.impossible.slice(0, NAMED)) {
    const fate = entry.datedOtherwise ? 'dated by its other date instead' : 'left out as undated';
    notes.push(`entry "${shorten(entry.title || entry.url)}" (${entry.url}) has an impossible date "${shorten(entry.date)}": ${fate}, never moved to the next day or month`);
  }
  if (read.impossible.length > NAMED) notes.push(`${read.impossible.length - NAMED} more entries have impossible dates, read the same way`);
  // Those with an impossible date were named above.
  const withoutDate = read.undated - read.impossible.filter((entry) => !entry.datedOtherwise).length;
  if (withoutDate > 0) {
    notes.push(
      `${withoutDate} of ${outcome.total} entries have no date that can be read and were left out` +
        (source.listing ? ' (check "listing.date", or give "listing.dateFormat")' : ' (the feed gives none; ask its publisher, or follow a listing page instead)'),
    );
  }
  return notes;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
