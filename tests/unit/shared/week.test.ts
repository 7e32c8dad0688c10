import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/shared/errors.js';
import { parseWeek, today, weekContaining } from '../../../src/shared/week.js';

const monday = { weekStartsOn: 1, publishDay: 5 } as const;
const at = (iso: string, timeZone = 'UTC') => ({ ...monday, now: new Date(iso), timeZone });

describe('parseWeek', () => {
  it('reads an ISO week', () => {
    expect(parseWeek('2023-W52', at('2020-01-01T00:00:00Z'))).toEqual({
      label: '2023-W52',
      start: '2023-12-25',
      end: '2023-12-31',
      publishDate: '2023-12-29',
    });
  });

  it.each(['0000-W01', '0099-W10', '0999-W52', '0000-01-05', '0050-03-06'])('refuses %s instead of reading it as a year in the 1900s', (week) => {
    expect(() => parseWeek(week, at('2020-01-01T00:00:00Z'))).toThrow(`--week "${week}": the year must be between 1000 and 9999`);
  });

  it('reads week 1 that starts in the previous year, and week 53', () => {
    expect(parseWeek('2025-W01', at('2020-01-01T00:00:00Z')).start).toBe('2024-12-30');
    expect(parseWeek('2020-W53', at('2020-01-01T00:00:00Z'))).toMatchObject({ start: '2020-12-28', end: '2021-01-03' });
  });

  it('reads a date as the week containing it', () => {
    expect(parseWeek('2023-12-27', at('2020-01-01T00:00:00Z')).label).toBe('2023-W52');
    expect(parseWeek('2024-01-01', at('2020-01-01T00:00:00Z')).label).toBe('2024-W01');
  });

  it('takes "this" (the default) and "last" in the configured time zone', () => {
    // 02:00 UTC on Monday 2024-01-08 is still Sunday evening in New York.
    const now = '2024-01-08T02:00:00Z';
    expect(parseWeek(undefined, at(now)).label).toBe('2024-W02');
    expect(parseWeek('this', at(now, 'America/New_York')).label).toBe('2024-W01');
    expect(parseWeek('last', at(now, 'America/New_York')).label).toBe('2023-W52');
    expect(today(new Date(now), 'Asia/Tokyo')).toBe('2024-01-08');
  });

  it('rejects weeks and dates that do not exist, as usage errors', () => {
    expect(() => parseWeek('2023-W60', at('2020-01-01T00:00:00Z'))).toThrow(/2023 has ISO weeks 1 to 52/);
    expect(() => parseWeek('2023-W00', at('2020-01-01T00:00:00Z'))).toThrow(UsageError);
    expect(() => parseWeek('2023-02-30', at('2020-01-01T00:00:00Z'))).toThrow(/no such date/);
    expect(() => parseWeek('next', at('2020-01-01T00:00:00Z'))).toThrow(/is not a week/);
  });
});

describe('weekContaining with other week starts', () => {
  it('starts on Sunday when configured, keeping the ISO label of the week', () => {
    const week = weekContaining('2023-12-27', { weekStartsOn: 0, publishDay: 5 });
    expect(week).toEqual({ label: '2023-W52', start: '2023-12-24', end: '2023-12-30', publishDate: '2023-12-29' });
  });

  it('puts the publish day inside the week even when it comes before the start day', () => {
    expect(weekContaining('2023-12-27', { weekStartsOn: 6, publishDay: 1 })).toMatchObject({ start: '2023-12-23', publishDate: '2023-12-25' });
  });
});
