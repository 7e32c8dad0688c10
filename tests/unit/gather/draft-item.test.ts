import { describe, expect, it } from 'vitest';
import { draftItem } from '../../../src/gather/draft-item.js';
import type { Candidate } from '../../../src/gather/entry.js';
import { numberCandidates, parseInbox, renderInbox } from '../../../src/gather/inbox.js';
import { draftStateDeptNote } from '../../../src/gather/state-dept-note.js';
import type { Article } from '../../../src/scrape/extract-article.js';
import { parseItem } from '../../../src/items/parse-item.js';

const WEEK = { label: '2024-W10', start: '2024-03-04', end: '2024-03-10', publishDate: '2024-03-08' };

function candidate(fields: Partial<Candidate> = {}): Candidate {
  return {
    kind: 'news',
    title: 'Envoys meet in Geneva',
    day: '2024-03-05',
    time: '09:30',
    instant: Date.parse('2024-03-05T14:30:00Z'),
    summary: 'Delegations sat in the same room.',
    links: [{ outlet: 'Example Wire', url: 'https://wire.example/envoys?utm_source=rss' }],
    ...fields,
  };
}

describe('draftStateDeptNote', () => {
  it('says there was no briefing, or names each day with its transcript linked', () => {
    expect(draftStateDeptNote([])).toBe('The State Department did not hold a press briefing this week.');
    expect(draftStateDeptNote([{ day: '2024-03-05', url: 'https://s.example/a' }])).toBe('The State Department held one press briefing this week, on [Tuesday](https://s.example/a).');
    expect(
      draftStateDeptNote([
        { day: '2024-03-07', url: 'https://s.example/c' },
        { day: '2024-03-04', url: 'https://s.example/a' },
        { day: '2024-03-05', url: 'https://s.example/b' },
      ]),
    ).toBe('The State Department held three press briefings this week, on [Monday](https://s.example/a), [Tuesday](https://s.example/b) and [Thursday](https://s.example/c).');
    expect(
      draftStateDeptNote([
        { day: '2024-03-05', url: 'https://s.example/a' },
        { day: '2024-03-05', url: 'https://s.example/b' },
      ]),
    ).toBe('The State Department held two press briefings this week, on Tuesday ([first](https://s.example/a), [second](https://s.example/b)).');
  });
});

describe('the inbox', () => {
  it('reads back what it wrote, markdown characters and all', () => {
    const candidates = [
      candidate({ title: 'Tariffs *up* [again] #2 <b>', summary: 'A_b `c` \\ d | e ~f', links: [{ outlet: 'Wire: World', url: 'https://wire.example/t' }, { outlet: 'Daily', url: 'https://daily.example/t' }] }),
      candidate({ kind: 'state-dept', title: 'State Department note (draft)', summary: '', day: '2024-03-08', time: undefined, draft: draftStateDeptNote([]), links: [{ outlet: 'State Department', url: 'https://s.example/' }] }),
      candidate({ kind: 'related', title: 'Older', day: '2024-03-04', time: undefined, instant: Date.parse('2024-03-04T17:00:00Z'), links: [{ outlet: 'Institute', url: 'https://i.example/r' }] }),
    ];
    const text = renderInbox(WEEK, candidates, [{ outlet: 'Broken', url: 'https://b.example/feed', message: 'HTTP 500' }]);
    expect(text).toContain('2 candidates and the State Department note');
    expect(text).toContain('## 2. Tariffs \\*up\\* \\[again\\] \\#2 \\<b\\>');
    expect(text).toContain('- Broken (<https://b.example/feed>): HTTP 500');
    const read = parseInbox(text);
    // Everything but the exact instant, which the inbox keeps only to the minute, in its day.
    const withoutInstant = ({ instant: _, ...rest }: Candidate & { number: number }) => rest;
    expect(read.map(withoutInstant)).toEqual(numberCandidates(candidates).map(withoutInstant));
    expect(read.map((c) => [c.number, c.kind, c.title])).toEqual([
      [1, 'state-dept', 'State Department note (draft)'],
      [2, 'news', 'Tariffs *up* [again] #2 <b>'],
      [3, 'related', 'Older'],
    ]);
    expect(read[1]!.summary).toBe('A_b `c` \\ d | e ~f');
    expect(renderInbox(WEEK, candidates, [])).toBe(renderInbox(WEEK, [...candidates].reverse(), []));
  });

  it('skips sections an editor added', () => {
    const text = renderInbox(WEEK, [candidate()], []) + '\n## My notes\n\nCall the embassy.\n\n## 9. Half a section\n';
    expect(parseInbox(text).map((c) => c.number)).toEqual([1]);
  });
});

describe('draftItem', () => {
  const article: Article = {
    title: 'Envoys meet in Geneva for the first time',
    dek: 'Envoys met face to face on Tuesday. Both sides called it "businesslike." A third sentence the bullet does not need.',
    url: 'https://wire.example/envoys',
    author: 'I. Marlow',
    image: 'https://wire.example/envoys.jpg',
    paragraphs: ['Envoys met <a href="https://wire.example/x">face to face</a>.', 'They will meet again.'],
  };

  it('drafts a news bullet in the house style that parses as an item', () => {
    const drafted = draftItem(candidate(), 'news', article);
    expect(drafted.name).toBe('news-envoys-meet-in-geneva-for-the-first-time.md');
    const { item } = parseItem(drafted.content, drafted.name);
    expect(item).toMatchObject({ kind: 'news', date: '2024-03-05', url: 'https://wire.example/envoys', source: 'Example Wire' });
    expect(item.body).toBe('Envoys met face to face on Tuesday. Both sides called it "businesslike," according to [Example Wire](https://wire.example/envoys).');
  });

  it('cites every outlet, and handles questions and text without a final stop', () => {
    const three = candidate({
      links: [
        { outlet: 'Wire', url: 'https://wire.example/a' },
        { outlet: 'Times', url: 'https://times.example/a' },
        { outlet: 'Daily', url: 'https://daily.example/a' },
        // Two feeds of one outlet folded in: the outlet is cited once, with its first link.
        { outlet: 'Wire', url: 'https://wire.example/world/a' },
      ],
    });
    expect(parseItem(draftItem(three, 'news', undefined).content, 'x.md').item.body).toBe(
      'Delegations sat in the same room, according to [Wire](https://wire.example/a), [Times](https://times.example/a) and [Daily](https://daily.example/a).',
    );
    const question = candidate({ summary: 'Will the talks resume?' });
    expect(parseItem(draftItem(question, 'news', undefined).content, 'x.md').item.body).toBe(
      'Will the talks resume? (according to [Example Wire](https://wire.example/envoys)).',
    );
    const bare = candidate({ summary: '' });
    expect(parseItem(draftItem(bare, 'news', undefined).content, 'x.md').item.body).toBe('Envoys meet in Geneva, according to [Example Wire](https://wire.example/envoys).');
  });

  it('drafts a lead from the article, and a related read, with their fields', () => {
    const lead = parseItem(draftItem(candidate(), 'lead', article).content, 'lead.md').item;
    expect(lead).toMatchObject({ kind: 'lead', title: 'Envoys meet in Geneva for the first time', author: 'I. Marlow', image: 'https://wire.example/envoys.jpg' });
    expect(lead.body).toBe('Envoys met [face to face](https://wire.example/x).\n\nThey will meet again.');
    const related = parseItem(draftItem(candidate(), 'related', undefined).content, 'related.md').item;
    expect(related).toMatchObject({ kind: 'related', title: 'Envoys meet in Geneva', dek: 'Delegations sat in the same room.', url: 'https://wire.example/envoys', body: '' });
  });

  it("takes the article's dek as the plain text it is: 5 < 7 stays 5 < 7", async () => {
    const { markdownToHtml } = await import('../../../src/items/markdown.js');
    const comparing: Article = { ...article, dek: 'Why 5 < 7 and 9 > 3 matters & more.' };
    expect(parseItem(draftItem(candidate(), 'lead', comparing).content, 'lead.md').item.dek).toBe('Why 5 < 7 and 9 > 3 matters & more.');
    expect(parseItem(draftItem(candidate(), 'related', comparing).content, 'related.md').item.dek).toBe('Why 5 < 7 and 9 > 3 matters & more.');
    const bullet = markdownToHtml(parseItem(draftItem(candidate(), 'news', comparing).content, 'news.md').item.body);
    expect(bullet).toContain('Why 5 &lt; 7 and 9 &gt; 3 matters &amp; more, according to');
  });

  it('keeps markup a page only displays as text, in a lead and in a bullet (issue 9.2)', async () => {
    const { markdownToHtml } = await import('../../../src/items/markdown.js');
    const shown = 'The page shows &lt;img src="https://track.example/p.gif"&gt; as an example.';
    const hostile: Article = { ...article, dek: 'It shows <img src="https://track.example/d.gif"> in its summary.', paragraphs: [`<p>${shown}</p>`] };
    const lead = markdownToHtml(parseItem(draftItem(candidate(), 'lead', hostile).content, 'lead.md').item.body);
    expect(lead).not.toMatch(/<img/);
    expect(lead).toContain('&lt;img src=');
    const bullet = markdownToHtml(parseItem(draftItem(candidate(), 'news', hostile).content, 'news.md').item.body);
    expect(bullet).not.toMatch(/<img/);
  });
});
