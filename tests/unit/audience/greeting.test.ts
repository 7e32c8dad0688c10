import { describe, expect, it } from 'vitest';
import { greetingFor, refuseUnknownGreetingColumns } from '../../../src/audience/greeting.js';
import { parseConfig } from '../../../src/config/load.js';
import { thrown } from '../../helpers/thrown.js';

const CITY = { withName: 'Hi {first} ({name}) from {City},', withoutName: 'Dear reader,' };

describe('greetingFor', () => {
  it('fills every {column} (any case) from the row', () => {
    expect(greetingFor(CITY, { email: 'bob@example.org', name: 'Bob Tan', first: 'Bob', city: 'Oslo' })).toBe('Hi Bob (Bob Tan) from Oslo,');
    expect(greetingFor({ withName: 'Dear {first_name},', withoutName: 'Hello,' }, { first_name: 'Ana', name: '' })).toBe('Dear Ana,');
  });

  it('greets without a name when a column it names is empty in the row, never "from ,"', () => {
    expect(greetingFor(CITY, { name: 'Bob Tan', first: 'Bob', city: ' ' })).toBe('Dear reader,');
    expect(greetingFor(CITY, { name: '', first: 'Bob', city: 'Oslo' })).toBe('Dear reader,');
  });

  it('keeps a "$&" in a value as text', () => {
    expect(greetingFor({ withName: 'Dear {name},', withoutName: 'x' }, { name: 'A $& B' })).toBe('Dear A $& B,');
  });
});

describe('refuseUnknownGreetingColumns', () => {
  it('names the columns the list lacks, the config field and the columns it has', () => {
    const error = thrown(() => refuseUnknownGreetingColumns(CITY, ['email', 'name', 'first'], 's.csv', 'greeting.withName in watch-digest.config.json'));
    expect(error.message).toBe('s.csv: greeting.withName in watch-digest.config.json uses {city}, but the list has no such column (its columns: email, name, first)');
    expect(error.hint).toBe('Add the column to the list\'s header row, or take {city} out of the greeting.');
    expect(() => refuseUnknownGreetingColumns(CITY, ['email', 'name', 'first', 'city'], 's.csv', 'x')).not.toThrow();
    expect(() => refuseUnknownGreetingColumns(undefined, ['email'], 's.csv', 'x')).not.toThrow();
  });

  it('lets a list of bare addresses meet a greeting by {name}: each reader gets withoutName', () => {
    const byName = { withName: 'Dear {name},', withoutName: 'Dear reader,' };
    expect(() => refuseUnknownGreetingColumns(byName, ['email'], 's.csv', 'x')).not.toThrow();
    expect(greetingFor(byName, { email: 'ana@diplomacy-watch.net' })).toBe('Dear reader,');
  });
});

describe('the greeting in the config', () => {
  it('takes any {column}, as long as withName has one; withoutName has none', () => {
    expect(parseConfig({ greeting: { withName: 'Dear {first_name},', withoutName: 'Dear reader,' } }).greeting?.withName).toBe('Dear {first_name},');
    expect(problems({ withName: 'Dear friend,', withoutName: 'Dear reader,' })).toContain(
      'greeting.withName: expected text with at least one {column} of the subscriber list, e.g. "Dear {name}," or "Dear {first_name},"',
    );
    expect(problems({ withName: 'Dear {name},', withoutName: 'Dear {first},' })).toContain('greeting.withoutName: expected text without a {column}');
  });
});

function problems(greeting: object): string {
  const error = thrown(() => parseConfig({ greeting }));
  return [error.message, ...error.details].join('\n');
}
