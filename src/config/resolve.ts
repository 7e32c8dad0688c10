// Values derived from the config: fetch limits, and WEEK arguments read in its time zone.
import { parseWeek, type Week } from '../shared/week.js';
import { weekdayIndex } from './fields.js';
import type { Config } from './schema.js';

/** Fetch settings for scraping, from the config's `scrape` block. */
export function fetchSettings(config: Config): { timeoutMs: number; maxBytes: number } {
  return { timeoutMs: config.scrape.timeoutSeconds * 1000, maxBytes: Math.round(config.scrape.maxMegabytes * 1024 * 1024) };
}

/** A WEEK argument resolved with the config's time zone, week start and publish day. */
export function resolveWeek(arg: string | undefined, config: Config, now: Date): Week {
  return parseWeek(arg, {
    now,
    timeZone: config.timeZone,
    weekStartsOn: weekdayIndex(config.weekStartsOn),
    publishDay: weekdayIndex(config.publishDay),
  });
}
