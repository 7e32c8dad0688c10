import { compareCodePoints } from '../shared/compare-code-points.js';

export interface Briefing {
  /** YYYY-MM-DD in the newsletter's zone. */
  day: string;
  url: string;
}

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/**
 * The week's State Department note in the house style, in markdown, each day linked to its
 * transcript: "The State Department held two press briefings this week, on [Tuesday](…) and
 * [Thursday](…)." or, with none, "The State Department did not hold a press briefing this week."
 */
export function draftStateDeptNote(briefings: readonly Briefing[]): string {
  if (briefings.length === 0) return 'The State Department did not hold a press briefing this week.';
  const byDay = new Map<string, string[]>();
  for (const briefing of [...briefings].sort((a, b) => compareCodePoints(a.day, b.day))) {
    byDay.set(briefing.day, [...(byDay.get(briefing.day) ?? []), briefing.url]);
  }
  const days = [...byDay].map(([day, urls]) =>
    urls.length === 1 ? `[${weekday(day)}](${urls[0]})` : `${weekday(day)} (${urls.map((url, i) => `[${ordinal(i)}](${url})`).join(', ')})`,
  );
  const count = briefings.length;
  const howMany = `${NUMBERS[count] ?? String(count)} press briefing${count === 1 ? '' : 's'}`;
  return `The State Department held ${howMany} this week, on ${listing(days)}.`;
}

const WEEKDAY = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' });

function weekday(day: string): string {
  return WEEKDAY.format(new Date(`${day}T12:00:00Z`));
}

function ordinal(i: number): string {
  return ['first', 'second', 'third', 'fourth'][i] ?? `number ${i + 1}`;
}

/** "A", "A and B", "A, B and C". */
function listing(parts: readonly string[]): string {
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
