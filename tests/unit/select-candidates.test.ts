import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { SourceEntry } from '../../src/gather/entry.js';
import { classifySource } from '../../src/gather/select-candidates.js';
import { resolveSources } from '../../src/gather/sources.js';
import { topicMatcher } from '../../src/gather/topic-filter.js';

const WEEK = { label: '2024-W10', start: '2024-03-04', end: '2024-03-10', publishDate: '2024-03-08' };
const briefing = (day: number): SourceEntry => ({
  title: `Department Press Briefing – March ${day}, 2024`,
  url: `https://s.example/briefing-${day}/`,
  summary: 'Spokesperson remarks on football diplomacy and visa fees.',
  dates: [`March ${day}, 2024`],
});
const noScan = { usedUrls: new Map<string, string>(), items: [] };

describe('classifySource: the State Department note', () => {
  it('counts every briefing of the week, whatever the global topic filters leave out', () => {
    const config = parseConfig({ filters: { include: ['Ukraine'], exclude: ['football', 'briefing'] }, sources: [{ type: 'state-dept' }] });
    const [source] = resolveSources(config);
    const outcome = { status: 'fetched' as const, entries: [briefing(5), briefing(7)], stale: false };
    const { notes, report } = classifySource(source!, outcome, WEEK, 'UTC', noScan, topicMatcher(config.filters));
    expect(notes[0]!.draft).toBe(
      'The State Department held two press briefings this week, on [Tuesday](https://s.example/briefing-5/) and [Thursday](https://s.example/briefing-7/).',
    );
    expect(report).toMatchObject({ kept: 2, filtered: 0 });
  });
});
