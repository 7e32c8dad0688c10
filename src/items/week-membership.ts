import { isDayInWeek, type Week } from '../shared/week.js';
import { weekFolderOf, type Item } from './item.js';

const datedIn = (item: Pick<Item, 'date'>, week: Week) => isDayInWeek(item.date, week);

/**
 * An item belongs to the week its folder is named for (`digests/2024-W21/…`), else to the week
 * its `date` falls in (inclusive), so a related read filed in a week's folder may keep its
 * article's own date.
 */
export function belongsToWeek(item: Pick<Item, 'file' | 'date'>, week: Week): boolean {
  const folder = weekFolderOf(item.file);
  return folder ? folder === week.label : datedIn(item, week);
}

/** The week's items (see belongsToWeek). */
export function selectWeek(items: readonly Item[], week: Week): Item[] {
  return items.filter((item) => belongsToWeek(item, week));
}

/**
 * Items whose folder and date disagree about this week, so the editor hears which one decided.
 * Related reads are exempt: they carry their article's date on purpose.
 */
export function membershipWarnings(items: readonly Item[], week: Week): string[] {
  const warnings: string[] = [];
  for (const item of items) {
    const folder = weekFolderOf(item.file);
    if (!folder || item.kind === 'related') continue;
    if (folder === week.label && !datedIn(item, week)) {
      warnings.push(`${item.file}: dated ${item.date}, outside ${week.label} (${week.start} to ${week.end}), but filed in the ${folder} folder: included in ${week.label}; correct the date or move the file`);
    } else if (folder !== week.label && datedIn(item, week)) {
      warnings.push(`${item.file}: dated ${item.date}, in ${week.label}, but filed in the ${folder} folder: left out of ${week.label} (the folder decides); move the file or correct the date`);
    }
  }
  return warnings;
}
