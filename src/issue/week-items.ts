import type { Config } from '../config/schema.js';
import { ITEM_KINDS, weekFolderOf, type Item } from '../items/item.js';
import { UserError } from '../shared/errors.js';
import { weekContaining, type Week } from '../shared/week.js';
import { weekdayIndex } from '../config/fields.js';

/**
 * The week's one lead and at most one State Department note; anything else is an error saying
 * what was found and what to do.
 */
export function requireLeadAndNote(items: readonly Item[], week: Week, config: Config, everyItem: readonly Item[] = items): { lead: Item; note: Item | undefined } {
  const range = `${week.label} (${week.start} to ${week.end})`;
  if (items.length === 0) {
    throw new UserError(`No items dated in ${range} under ${config.digestsDir}/`, {
      hint: `Add markdown items under ${config.digestsDir}/${week.label}/ or with a \`date:\` in that week, or pick another week with --week.${nearestWeekHint(everyItem, week, config)}`,
    });
  }
  const leads = items.filter((item) => item.kind === 'lead');
  if (leads.length === 0) {
    throw new UserError(`No lead item in ${range}: found ${describeKinds(items)}`, {
      hint: 'Every issue needs one item with `kind: lead`; add one dated in that week.',
    });
  }
  if (leads.length > 1) {
    throw new UserError(`Two or more lead items in ${range}: ${leads.map((l) => l.file).join(', ')}`, {
      hint: 'Keep one `kind: lead` per week; make the others news or related, or move their dates.',
    });
  }
  const notes = items.filter((item) => item.kind === 'state-dept');
  if (notes.length > 1) {
    // Two notes are a duplicate or a leftover far more often than a plan; joining them could mail both.
    throw new UserError(`Two or more State Department notes in ${range}: ${notes.map((i) => i.file).join(', ')}`, {
      hint: 'Keep one `kind: state-dept` item per week: put all of the note in one file, and delete or move the other.',
    });
  }
  return { lead: leads[0]!, note: notes[0] };
}

function describeKinds(items: readonly Item[]): string {
  return ITEM_KINDS.map((kind) => [kind, items.filter((item) => item.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

/**
 * The closest week that has items, when there is one: setting `timeZone` (or `weekStartsOn`) after
 * `init` named its example week can move "this week" away from the items by a week.
 */
function nearestWeekHint(everyItem: readonly Item[], week: Week, config: Config): string {
  const weeks = new Set<string>();
  for (const item of everyItem) {
    const label = weekFolderOf(item.file) ?? weekOfDay(item.date, config)?.label;
    if (label && label !== week.label) weeks.add(label);
  }
  const labels = [...weeks];
  if (labels.length === 0) return '';
  const distance = (label: string) => Math.abs(weekNumberOf(label) - weekNumberOf(week.label));
  const nearest = labels.sort((a, b) => distance(a) - distance(b) || (a < b ? -1 : 1))[0]!;
  const side = distance(nearest) === 1 ? (nearest < week.label ? ' (the week before)' : ' (the week after)') : '';
  const moved = distance(nearest) === 1 ? ' If you changed `timeZone` or `weekStartsOn` in the config, "this week" may have moved with it.' : '';
  return ` The nearest items are in ${nearest}${side}: pass --week ${nearest} to compose that one.${moved}`;
}

function weekOfDay(date: string, config: Config): Week | undefined {
  try {
    return weekContaining(date, { weekStartsOn: weekdayIndex(config.weekStartsOn), publishDay: weekdayIndex(config.publishDay) });
  } catch {
    return undefined;
  }
}

/** Weeks counted from year 0, for telling neighbours apart across a year's end. */
function weekNumberOf(label: string): number {
  const [year, number] = label.split('-W').map(Number) as [number, number];
  return year * 53 + number;
}
