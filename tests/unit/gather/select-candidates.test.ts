import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import type { SourceEntry } from '../../../src/gather/entry.js';
import { alreadyUsed } from '../../../src/commands/pick.js';
import { classifySource } from '../../../src/gather/select-candidates.js';
import { resolveSources } from '../../../src/gather/sources.js';
import { topicMatcher } from '../../../src/gather/topic-filter.js';
import { scanDigests } from '../../../src/gather/used-urls.js';
import { fixture } from '../../helpers/fixture.js';

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

  it("goes by the week's folder, as compose does, to tell whether the week has its note already", () => {
    const config = parseConfig({ sources: [{ type: 'state-dept' }] });
    const [source] = resolveSources(config);
    const outcome = { status: 'fetched' as const, entries: [briefing(5)], stale: false };
    const classify = (items: Array<{ file: string; date: string }>) =>
      classifySource(source!, outcome, WEEK, 'UTC', { usedUrls: new Map(), items: items.map((i) => ({ ...i, kind: 'state-dept' as const })) }, topicMatcher(config.filters));
    // Filed in this week's folder, dated the Monday after: compose puts it in this issue.
    const filed = classify([{ file: 'digests/2024-W10/state-dept.md', date: '2024-03-11' }]);
    expect(filed.notes).toEqual([]);
    expect(filed.report.notes).toEqual(['the week already has a State Department note (digests/2024-W10/state-dept.md); no draft']);
    // Dated in this week but filed in next week's folder: it is next week's note.
    expect(classify([{ file: 'digests/2024-W11/state-dept.md', date: '2024-03-08' }]).notes).toHaveLength(1);
  });
});

describe('pick: a State Department note already written', () => {
  it("goes by the week's folder, as compose does", () => {
    const candidate = { number: 1, kind: 'state-dept' as const, title: 'State Department note (draft)', day: '2024-03-08', instant: 0, summary: '', links: [{ outlet: 'State Department', url: 'https://s.example/' }] };
    const inbox = (file: string, date: string) => ({
      cwd: '.',
      week: WEEK,
      file: 'inbox.md',
      candidates: [candidate],
      config: parseConfig({}),
      digestsDir: 'digests',
      scan: { usedUrls: new Map<string, string>(), items: [{ file, date, kind: 'state-dept' as const }] },
    });
    expect(alreadyUsed(inbox('digests/2024-W10/state-dept.md', '2024-03-11'), candidate)).toBe('the week already has a State Department note (digests/2024-W10/state-dept.md)');
    expect(alreadyUsed(inbox('digests/2024-W11/state-dept.md', '2024-03-08'), candidate)).toBeUndefined();
  });
});

describe('scanDigests', () => {
  it("reads built issues' links, but not from caches, outboxes or installed packages", async () => {
    const manifest = (url: string) => JSON.stringify({ items: [{ kind: 'news', file: 'x.md', url }] });
    const root = await fixture({
      'digests/2024-W09/issue.json': manifest('https://wire.example/used'),
      'digests/node_modules/pkg/issue.json': manifest('https://wire.example/package'),
      'digests/.cache/issue.json': manifest('https://wire.example/cache'),
      'digests/2024-W09/outbox/issue.json': manifest('https://wire.example/outbox'),
    });
    const scan = await scanDigests(path.join(root, 'digests'), root);
    expect([...scan.usedUrls.values()]).toEqual([path.join('digests', '2024-W09', 'issue.json')]);
  });
});
