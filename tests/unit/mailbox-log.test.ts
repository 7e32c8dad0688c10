import { describe, expect, it } from 'vitest';
import { rates } from '../../src/mailbox/feedback-stats.js';
import { softStreak } from '../../src/mailbox/mailbox-log.js';

describe('soft bounces in a row', () => {
  const sent = ['2024-W08', '2024-W09', '2024-W10', '2024-W11'];
  it('counts the issues sent to the address that soft-bounced, back from this one', () => {
    expect(softStreak(new Set(['2024-W10', '2024-W11']), sent, '2024-W11')).toBe(2);
    expect(softStreak(new Set(['2024-W09', '2024-W10', '2024-W11']), sent, '2024-W11')).toBe(3);
  });
  it('starts again after an issue that did not bounce', () => {
    expect(softStreak(new Set(['2024-W08', '2024-W09', '2024-W11']), sent, '2024-W11')).toBe(1);
  });
  it('ignores later issues when judging an earlier bounce that arrived late', () => {
    expect(softStreak(new Set(['2024-W09', '2024-W10']), sent, '2024-W10')).toBe(2);
  });
  it('counts soft-bounced weeks alone when no ledger records the sends', () => {
    expect(softStreak(new Set(['2024-W02', '2024-W10']), [], '2024-W10')).toBe(2);
  });
});

describe('bounce and complaint thresholds', () => {
  it('warns above 0.1% and 0.3% complaints, 2% and 5% hard bounces', () => {
    expect(rates(0, 0, 10_000).warnings).toEqual([]);
    expect(rates(200, 10, 10_000).warnings).toEqual([]);
    expect(rates(0, 11, 10_000).warnings).toEqual([expect.stringContaining('above 0.1%')]);
    expect(rates(0, 31, 10_000).warnings).toEqual([expect.stringContaining('above the 0.3% Gmail and Yahoo enforce')]);
    expect(rates(201, 0, 10_000).warnings).toEqual([expect.stringContaining('above the 2% a healthy list')]);
    expect(rates(500, 0, 10_000).warnings).toEqual([expect.stringContaining('at or above 5%')]);
    expect(rates(1, 1, 0)).toEqual({ hardBounceRate: null, complaintRate: null, warnings: [] });
  });
});
