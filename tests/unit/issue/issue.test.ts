import { describe, expect, it } from 'vitest';
import { thrown } from '../../helpers/thrown.js';
import { parseConfig } from '../../../src/config/load.js';
import { assembleIssue } from '../../../src/issue/assemble.js';
import { membershipWarnings, selectWeek } from '../../../src/items/week-membership.js';
import type { Item } from '../../../src/items/item.js';
import { weekContaining } from '../../../src/shared/week.js';

const config = parseConfig({ name: 'Diplomacy Watch' });
const week = weekContaining('2024-03-06', { weekStartsOn: 1, publishDay: 5 });
const lead: Item = { kind: 'lead', date: '2024-03-04', file: 'lead.md', title: 'Talks resume', dek: 'Envoys met again.', body: 'Body.' };
const news = (file: string, body: string, extra: Partial<Item> = {}): Item => ({ kind: 'news', date: '2024-03-05', file, body, ...extra });

describe('assembleIssue', () => {
  it("selects only the week's items, inclusive of its first and last day", () => {
    const items = [
      lead,
      news('sunday-before.md', 'Old.', { date: '2024-03-03' }),
      news('monday.md', 'First day.', { date: '2024-03-04' }),
      news('sunday.md', 'Last day.', { date: '2024-03-10' }),
      news('monday-after.md', 'Next week.', { date: '2024-03-11' }),
    ];
    const { issue } = assembleIssue(items, week, config);
    expect(issue.news.bullets.map((b) => b.file)).toEqual(['monday.md', 'sunday.md']);
  });

  it('derives subject, preheader and date, and lets the lead override them', () => {
    const { issue } = assembleIssue([lead], week, config);
    expect(issue).toMatchObject({ subject: 'Diplomacy Watch: Talks resume', preheader: 'Envoys met again.', dateLabel: 'Friday, March 8, 2024' });
    const custom = assembleIssue([{ ...lead, subject: 'Custom subject', preheader: 'Custom preheader' }], week, config).issue;
    expect(custom).toMatchObject({ subject: 'Custom subject', preheader: 'Custom preheader' });
  });

  it('does not repeat the newsletter name when the headline already starts with it', () => {
    const { issue } = assembleIssue([{ ...lead, title: 'Diplomacy Watch: Talks resume' }], week, config);
    expect(issue.subject).toBe('Diplomacy Watch: Talks resume');
  });

  it('falls back to the start of the body for the preheader when the lead has no dek', () => {
    const body = 'Word '.repeat(60).trim() + '.';
    const { issue } = assembleIssue([{ ...lead, dek: undefined, body }], week, config);
    expect(issue.preheader.length).toBeLessThanOrEqual(141);
    expect(issue.preheader).toMatch(/^Word Word .*…$/);
  });

  it("cites an item's url on bullets that link nowhere, and strips a typed em dash", () => {
    const { issue } = assembleIssue([lead, news('n.md', '— Ships moved.', { url: 'https://www.example.com/a', source: 'Wire' }), news('m.md', 'No source.')], week, config);
    expect(issue.news.bullets[0]).toEqual({ html: 'Ships moved.', source: { label: 'Wire', url: 'https://www.example.com/a' }, file: 'n.md' });
    expect(issue.news.bullets[1]).toEqual({ html: 'No source.', file: 'm.md' });
    const hostOnly = assembleIssue([lead, news('n.md', 'Ships.', { url: 'https://www.example.com/a' })], week, config).issue;
    expect(hostOnly.news.bullets[0]!.source!.label).toBe('example.com');
  });

  it('uses the per-week heading and warns when items disagree', () => {
    const { issue, warnings } = assembleIssue(
      [lead, news('a.md', 'A', { heading: 'In other news:' }), news('b.md', 'B', { heading: 'Elsewhere:' })],
      week,
      config,
    );
    expect(issue.news.heading).toBe('In other news:');
    expect(warnings).toEqual(['a.md, b.md: different `heading:` values; using "In other news:"']);
    expect(assembleIssue([lead], week, config).issue.news.heading).toBe('In other diplomatic news:');
  });

  it('fails clearly for an empty week, a week without a lead, and two leads', () => {
    expect(() => assembleIssue([], week, config)).toThrow('No items dated in 2024-W10 (2024-03-04 to 2024-03-10) under digests/');
    expect(() => assembleIssue([news('a.md', 'A')], week, config)).toThrow('No lead item in 2024-W10 (2024-03-04 to 2024-03-10): found 1 news');
    expect(() => assembleIssue([lead, { ...lead, file: 'other.md' }], week, config)).toThrow('Two or more lead items in 2024-W10 (2024-03-04 to 2024-03-10): lead.md, other.md');
  });

  it('refuses relative links that cannot be resolved, naming the file', () => {
    expect(() => assembleIssue([{ ...lead, body: 'See [this](../notes.md).' }], week, config)).toThrow('lead.md: relative link "../notes.md" cannot be resolved');
  });

  it('names the item and what was removed when a news bullet is nothing but an embed', () => {
    const embed = news('news/embed.md', '- <iframe src="https://video.example/embed/1"></iframe>\n- A bullet that stays.');
    const error = thrown(() => assembleIssue([lead, embed], week, config));
    expect(error.message).toBe('news/embed.md: a news bullet is empty once the markup email cannot carry is taken out (removed: <iframe>)');
    expect(error.hint).toContain('link to the post or video instead');
  });

  it('says so when the lead is nothing but a script and an embed', () => {
    expect(() => assembleIssue([{ ...lead, body: '<script>track()</script>\n\n<embed src="https://x.example/a.swf">' }], week, config)).toThrow(
      'lead.md: the lead is empty once the markup email cannot carry is taken out (removed: <script>, <embed>)',
    );
  });

  it('names the item when a State Department note or a teaser is nothing but an embed, rather than dropping it', () => {
    const video = '<iframe src="https://video.example/embed/briefing"></iframe>';
    expect(() => assembleIssue([lead, { kind: 'state-dept', date: '2024-03-06', file: 'state.md', body: video }], week, config)).toThrow(
      'state.md: the State Department note is empty once the markup email cannot carry is taken out (removed: <iframe>)',
    );
    const read: Item = { kind: 'related', date: '2024-03-05', file: 'r.md', title: 'R', url: 'https://example.org/r', body: video };
    expect(() => assembleIssue([lead, read], week, config)).toThrow('r.md: the teaser is empty once the markup email cannot carry is taken out (removed: <iframe>)');
  });

  it('refuses two State Department notes in one week, naming both files', () => {
    const note = (file: string): Item => ({ kind: 'state-dept', date: '2024-03-06', file, body: 'A note.' });
    expect(() => assembleIssue([lead, note('a.md'), note('b.md')], week, config)).toThrow('Two or more State Department notes in 2024-W10 (2024-03-04 to 2024-03-10): a.md, b.md');
    expect(assembleIssue([lead, note('a.md')], week, config).issue.stateDept).toEqual({ heading: 'U.S. State Department news:', html: '<p>A note.</p>\n' });
  });

  it('keeps a two-paragraph dek as two paragraphs, and a wrapped line as one', () => {
    const dek = 'First paragraph,\nwrapped.\n\nSecond paragraph.\n';
    const read: Item = { kind: 'related', date: '2024-03-05', file: 'r.md', title: 'R', url: 'https://example.org/r', dek, body: '' };
    const { issue } = assembleIssue([{ ...lead, dek }, read], week, config);
    expect(issue.lead.dekParagraphs).toEqual(['First paragraph, wrapped.', 'Second paragraph.']);
    expect(issue.related[0]!.dekParagraphs).toEqual(['First paragraph, wrapped.', 'Second paragraph.']);
    expect(issue.preheader).toBe('First paragraph, wrapped. Second paragraph.');
  });

  it("makes a related read's body its sanitised teaser, and keeps its kicker, caption, credit and own date", () => {
    const read: Item = {
      kind: 'related',
      date: '2019-01-31',
      file: 'digests/2024-W10/r.md',
      title: 'R',
      url: 'https://example.org/r',
      kicker: 'Analysis | NightDesk',
      image: 'https://example.org/r.jpg',
      caption: 'Caption.',
      credit: 'AGENCY/Name',
      body: 'One <script>x()</script>paragraph.\n\nAnother, [linked](/more).',
    };
    const [card] = assembleIssue([lead, read], week, config).issue.related;
    expect(card).toMatchObject({ kicker: 'Analysis | NightDesk', caption: 'Caption.', credit: 'AGENCY/Name', date: '2019-01-31', alt: 'R' });
    expect(card!.html).toBe('<p>One paragraph.</p>\n<p>Another, <a href="https://example.org/more">linked</a>.</p>\n');
  });

  it('orders teaser cards by the code points of their file names, the same on every machine (not by the locale)', () => {
    const read = (file: string): Item => ({ kind: 'related', date: '2024-03-05', file, title: file, url: `https://example.org/${file}`, body: '' });
    const names = ['digests/b-read.md', 'digests/Z-read.md', 'digests/a-read.md', 'digests/É-read.md', 'digests/e-read.md'];
    const { issue } = assembleIssue([lead, ...names.map(read)], week, config);
    const inCodePointOrder = ['digests/Z-read.md', 'digests/a-read.md', 'digests/b-read.md', 'digests/e-read.md', 'digests/É-read.md'];
    expect(issue.related.map((r) => r.file)).toEqual(inCodePointOrder);
    expect(issue.sources.filter((s) => s.kind === 'related').map((s) => s.file)).toEqual(inCodePointOrder);
  });

  it('lets the lead hide its "Read the original" link', () => {
    expect(assembleIssue([lead], week, config).issue.lead.readOriginal).toBe(true);
    expect(assembleIssue([{ ...lead, readOriginal: false }], week, config).issue.lead.readOriginal).toBe(false);
  });
});

describe('which week an item belongs to', () => {
  const item = (file: string, date: string, kind: Item['kind'] = 'news'): Item => ({ kind, date, file, body: 'x', ...(kind === 'related' ? { title: 'T', url: 'https://example.org/t' } : {}) });

  it('goes by the folder named for a week, else by the date', () => {
    const items = [
      item('digests/2024-W10/old-read.md', '2021-05-05', 'related'),
      item('digests/2024-W10/news/misdated.md', '2024-04-01'),
      item('digests/loose.md', '2024-03-07'),
      item('digests/2024-W11/next.md', '2024-03-07'),
      item('digests/archive/2024-w10/lower.md', '2020-01-01'),
      // 2023 has 52 ISO weeks: "2023-W53" is an ordinary folder, so the date decides.
      item('digests/2023-W53/not-a-week.md', '2024-03-05'),
    ];
    expect(selectWeek(items, week).map((i) => i.file)).toEqual([
      'digests/2024-W10/old-read.md',
      'digests/2024-W10/news/misdated.md',
      'digests/loose.md',
      'digests/archive/2024-w10/lower.md',
      'digests/2023-W53/not-a-week.md',
    ]);
  });

  it('says when folder and date disagree, except for related reads, which carry their own dates', () => {
    const items = [
      item('digests/2024-W10/stray.md', '2024-04-01'),
      item('digests/2024-W11/early.md', '2024-03-06', 'state-dept'),
      item('digests/2024-W10/old-read.md', '2021-05-05', 'related'),
      item('digests/2024-W09/read.md', '2024-03-06', 'related'),
      item('digests/2024-W10/fine.md', '2024-03-06'),
    ];
    expect(membershipWarnings(items, week)).toEqual([
      'digests/2024-W10/stray.md: dated 2024-04-01, outside 2024-W10 (2024-03-04 to 2024-03-10), but filed in the 2024-W10 folder: included in 2024-W10; correct the date or move the file',
      'digests/2024-W11/early.md: dated 2024-03-06, in 2024-W10, but filed in the 2024-W11 folder: left out of 2024-W10 (the folder decides); move the file or correct the date',
    ]);
  });
});
