import { describe, expect, it } from 'vitest';
import { foldDuplicates, type Foldable } from '../../../src/gather/fold-duplicates.js';
import { titleKey } from '../../../src/gather/title-key.js';

const entry = (source: number, title: string, url: string, id?: string): Foldable => ({ source, title, url, ...(id ? { id } : {}) });

describe('foldDuplicates: the same story told by several outlets', () => {
  it('folds near-identical titles and the same article across outlets, the first outlet leading', () => {
    const groups = foldDuplicates([
      entry(0, 'Envoys meet for first direct talks in months', 'https://wire.example/1'),
      entry(0, 'Talks resume in Geneva after a pause', 'https://wire.example/2'),
      entry(1, 'Envoys meet for first direct talks in months, officials say', 'https://times.example/9'),
      entry(1, 'Talks resume in Vienna after a pause', 'https://times.example/8'),
      entry(2, 'A different headline entirely', 'https://wire.example/2?utm_source=x'),
    ]);
    expect(groups).toEqual([[0, 2], [1, 4], [3]]);
  });

  it('never folds two entries of one source with different links, however alike their titles', () => {
    const groups = foldDuplicates([
      entry(0, 'Envoys meet in Geneva for first direct talks', 'https://wire.example/a'),
      entry(0, 'Envoys meet in Geneva for first direct talks, officials say', 'https://wire.example/b'),
      entry(0, 'Envoys meet in Geneva for first direct talks', 'https://wire.example/c'),
    ]);
    expect(groups).toEqual([[0], [1], [2]]);
  });

  it('never folds titles whose numbers differ: dates, versions, days and episodes, in digits or words', () => {
    const pairs: Array<[string, string]> = [
      ['Daily press conference on March 5, 2024', 'Daily press conference on March 6, 2024'],
      ['Daily press conference on March 5, 2024', 'Daily press conference on April 5, 2024'],
      ['Draft treaty text released as v3.8.4 today', 'Draft treaty text released as v3.8.5 today'],
      ['Boundary tribunal hears Day Four deliberations', 'Boundary tribunal hears Day Five deliberations'],
      ['Boundary tribunal hears fourth day of deliberations', 'Boundary tribunal hears fifth day of deliberations'],
      ['Summit diary, part II: the delegations arrive', 'Summit diary, part III: the delegations arrive'],
      ['Regional ministers meet on Tuesday for border talks', 'Regional ministers meet on Thursday for border talks'],
    ];
    for (const [a, b] of pairs) {
      expect(foldDuplicates([entry(0, a, 'https://one.example/x'), entry(1, b, 'https://two.example/y')]), `${a} / ${b}`).toEqual([[0], [1]]);
    }
    // The same numbers in another spelling are the same numbers.
    const same = foldDuplicates([entry(0, 'Tribunal hears Day 4 of the border case', 'https://one.example/x'), entry(1, 'Tribunal hears Day Four of the border case', 'https://two.example/y')]);
    expect(same).toEqual([[0, 1]]);
  });

  it('folds titles too short to tell apart ("v3.8.4", "Episode 12") only by their link', () => {
    expect(foldDuplicates([entry(0, 'v3.8.4', 'https://a.example/r'), entry(1, 'v3.8.4', 'https://b.example/r')])).toEqual([[0], [1]]);
    expect(foldDuplicates([entry(0, 'Episode 12', 'https://a.example/e12'), entry(1, 'Episode 12', 'https://a.example/e12?utm_medium=feed')])).toEqual([[0, 1]]);
  });

  it('keeps joins non-transitive: a chain of small changes does not merge unlike stories', () => {
    // Each title shares three quarters of its words with the next, not with the one after.
    const groups = foldDuplicates([
      entry(0, 'Ministers agree grain corridor deal in Istanbul talks', 'https://a.example/1'),
      entry(1, 'Ministers agree grain corridor deal in Istanbul talks today', 'https://b.example/1'),
      entry(2, 'Ministers agree grain corridor deal in Ankara talks today', 'https://c.example/1'),
      entry(3, 'Ministers sign grain corridor deal in Ankara talks today', 'https://d.example/1'),
    ]);
    expect(groups).toEqual([[0, 1], [2, 3]]);
  });
});

describe('foldDuplicates: one source', () => {
  it('folds an entry listed twice (the same guid, or the same link and title), nothing else', () => {
    const groups = foldDuplicates([
      entry(0, 'Minister welcomes the harbour agreement', 'https://m.example/harbour', 'h-1'),
      entry(0, 'Minister welcomes the harbour agreement', 'https://m.example/harbour', 'h-1'),
      entry(0, 'Statement on the harbour agreement', 'https://m.example/statement'),
      entry(0, 'Statement on the harbour agreement', 'https://m.example/statement/?utm_source=rss'),
      // The same guid with another link: two entries, whatever the guid says.
      entry(0, 'Minister welcomes the harbour agreement', 'https://m.example/harbour-2', 'h-1'),
    ]);
    expect(groups).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('keeps entries that share a link but not a title or guid (a podcast linking every episode to its home page)', () => {
    const home = 'https://corridor.example/';
    const groups = foldDuplicates([
      entry(0, 'Episode 42: Insurers and the strait', home, 'c-42'),
      entry(0, 'Episode 41: The long road to a grain deal', home, 'c-41'),
      entry(0, 'Listener questions, night 3', home),
      entry(0, 'Listener questions, night 1', home),
      // Another outlet linking to that home page is not the same story as any of them.
      entry(1, 'Episode 42: Insurers and the strait reviewed', home),
    ]);
    expect(groups).toEqual([[0], [1], [2], [3], [4]]);
  });

  it('tells two entries with the same link apart by their guids when both have one', () => {
    const groups = foldDuplicates([entry(0, 'Weekly briefing', 'https://m.example/briefing', 'w-10'), entry(0, 'Weekly briefing', 'https://m.example/briefing', 'w-11')]);
    expect(groups).toEqual([[0], [1]]);
  });
});

describe('foldDuplicates: bounded', () => {
  it('keeps 30,000 titles differing only in a number as 30,000 stories, and folds alike titles of many outlets story by story', () => {
    const one = Array.from({ length: 30_000 }, (_, i) => entry(0, `Talks in Geneva resume, update ${i + 1}`, `https://wire.example/geneva/${i + 1}`));
    expect(foldDuplicates(one)).toHaveLength(30_000);
    // The same 15,000 updates from two outlets: 15,000 stories of two.
    const two = Array.from({ length: 30_000 }, (_, i) => entry(i % 2, `Talks in Geneva resume, update ${Math.floor(i / 2) + 1}`, `https://outlet${i % 2}.example/geneva/${i}`));
    const pairs = foldDuplicates(two);
    expect(pairs).toHaveLength(15_000);
    expect(pairs.every((group) => group.length === 2 && two[group[0]!]!.source === 0)).toBe(true);
    // Fifty outlets each running the same forty updates: forty stories of fifty outlets each.
    const many = Array.from({ length: 2_000 }, (_, i) => entry(i % 50, `Talks in Geneva resume, update ${Math.floor(i / 50) + 1}`, `https://outlet${i % 50}.example/${i}`));
    const groups = foldDuplicates(many);
    expect(groups).toHaveLength(40);
    expect(groups.every((group) => group.length === 50)).toBe(true);
  });
});

describe('titleKey', () => {
  it('separates the story words from the numbers, however the numbers are written', () => {
    expect(titleKey('Day Four: tribunal hears the 2nd witness on March 5')).toEqual({
      exact: 'day four tribunal hears the 2nd witness on march 5',
      words: ['day', 'tribunal', 'hears', 'witness'],
      numbers: ['2', '4', '5', 'month-3'].sort().join(' '),
    });
    expect(titleKey('Release v3.8.04').numbers).toBe('3.8.4');
    expect(titleKey('1,000 observers arrive').numbers).toBe(titleKey('1000 observers arrive').numbers);
    // "May" and "March" are months only next to a number.
    expect(titleKey('Protesters march as talks may resume').numbers).toBe('');
  });
});
