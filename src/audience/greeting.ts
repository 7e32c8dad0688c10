import { columnKey, GREETING_PLACEHOLDER, greetingColumns } from '../config/greeting.js';
import { excerpt } from '../shared/excerpt.js';
import { UserError } from '../shared/errors.js';

export interface Greeting {
  withName: string;
  withoutName: string;
}

/**
 * One reader's greeting: `withName` with each `{column}` filled from their row when every column
 * it names has a value there, else `withoutName` (never "Dear ," nor a placeholder left as it is).
 */
export function greetingFor(greeting: Greeting, fields: Readonly<Record<string, string>>): string {
  if (greetingColumns(greeting.withName).some((column) => !fields[column]?.trim())) return greeting.withoutName;
  return greeting.withName.replace(GREETING_PLACEHOLDER, (_, column: string) => fields[columnKey(column)]!);
}

/**
 * Refuses a list whose header lacks a column the greeting names (other than `name`, which a list
 * of bare addresses lacks by design): every reader would get the nameless greeting, or (as before
 * this check) the placeholder itself. `setting` names the config field.
 */
export function refuseUnknownGreetingColumns(greeting: Greeting | undefined, columns: readonly string[], shownFile: string, setting: string): void {
  // A list of addresses alone is common: a greeting by {name} then falls back to withoutName for everyone.
  const unknown = greeting ? greetingColumns(greeting.withName).filter((column) => column !== 'name' && !columns.includes(column)) : [];
  if (unknown.length === 0) return;
  const named = unknown.map((column) => `{${column}}`).join(', ');
  const has = columns.filter((column) => column !== '').map((column) => excerpt(column, 30));
  throw new UserError(`${shownFile}: ${setting} uses ${named}, but the list has no such column (its columns: ${has.slice(0, 12).join(', ')}${has.length > 12 ? ', …' : ''})`, {
    hint: `Add the column${unknown.length > 1 ? 's' : ''} to the list's header row, or take ${named} out of the greeting.`,
  });
}
