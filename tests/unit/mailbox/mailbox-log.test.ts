import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rates } from '../../../src/mailbox/feedback-stats.js';
import { appendMailboxLog, appendSeen, readMailboxLog, readMailboxState, softStreak, type MailboxEvent } from '../../../src/mailbox/mailbox-log.js';
import { fixture } from '../../helpers/fixture.js';

describe('the mailbox log', () => {
  const event = (email: string): MailboxEvent => ({ at: '2024-03-09T10:00:00.000Z', key: `<${email}>`, kind: 'bounced-hard', email, week: '2024-W10', suppressed: true });

  it('starts on a new line after a last line cut short, so the next event is never lost', async () => {
    const whole = JSON.stringify(event('first@example.com'));
    const dir = await fixture({ 'mailbox-log.jsonl': `${whole}\n{"at":"2024-03-09T10:00:00.000Z","key":"<torn` });
    const file = path.join(dir, 'mailbox-log.jsonl');
    await appendMailboxLog(file, [event('next@example.com')]);
    expect((await readMailboxLog(file, 'x')).map((e) => e.email)).toEqual(['first@example.com', 'next@example.com']);
    // A whole file is appended to as it is.
    await appendMailboxLog(file, [event('third@example.com')]);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(5);
  });

  it('keeps what runs judged beside the events, unseen by readers of the events', async () => {
    const dir = await fixture({});
    const file = path.join(dir, 'mailbox-log.jsonl');
    const seen = { mailbox: 'bounces@example.org@imap.example.org', folder: 'INBOX', uidValidity: '1700000000', uids: '1:480,483' };
    await appendMailboxLog(file, [event('first@example.com')]);
    await appendSeen(file, seen, '2024-03-09T10:00:00.000Z');
    await appendMailboxLog(file, [event('next@example.com')]);
    expect((await readMailboxLog(file, 'x')).map((e) => e.email)).toEqual(['first@example.com', 'next@example.com']);
    expect(await readMailboxState(file, 'x')).toEqual({ events: [event('first@example.com'), event('next@example.com')], seen: [seen] });
    expect(await readMailboxState(path.join(dir, 'none.jsonl'), 'x')).toEqual({ events: [], seen: [] });
  });

  it('names the file when it cannot be written', async () => {
    await expect(appendMailboxLog('/dev/full', [event('a@example.com')], 'mailbox-log.jsonl')).rejects.toThrow('mailbox-log.jsonl: cannot write the mailbox log (ENOSPC: no space left on the disk)');
  });
});

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

describe('planSuppressions', async () => {
  const { planSuppressions } = await import('../../../src/mailbox/plan-suppressions.js');
  const at = '2024-03-20T08:00:00.000Z';
  const weeksSent = new Map([['full@example.com', ['2024-W10', '2024-W11', '2024-W12']]]);

  it('suppresses hard bounces, complaints and unsubscribes at once, with their evidence', () => {
    const plan = planSuppressions(
      [
        { id: 1, kind: 'bounced-hard', email: 'gone@example.com', week: '2024-W12', status: '5.1.1', detail: 'smtp; 550 5.1.1 no such user' },
        { id: 2, kind: 'complained', email: 'spam@example.com', week: '2024-W12', detail: 'feedback report (abuse)' },
        { id: 3, kind: 'unsubscribed', email: 'bye@example.com', detail: 'request by mail' },
        { id: 4, kind: 'delayed', email: 'slow@example.com', week: '2024-W12', status: '4.4.1' },
      ],
      [],
      weeksSent,
      3,
      at,
    );
    expect(plan.wanted).toEqual([
      { email: 'gone@example.com', reason: 'bounced-hard', date: at, detail: '5.1.1 smtp; 550 5.1.1 no such user' },
      { email: 'spam@example.com', reason: 'complained', date: at, detail: 'feedback report (abuse)' },
      { email: 'bye@example.com', reason: 'unsubscribed', date: at, detail: 'request by mail' },
    ]);
  });

  it('suppresses a soft bounce only when it completes the run, counting those already logged', () => {
    const soft = (id: number, week: string) => ({ id, kind: 'bounced-soft' as const, email: 'Full@example.com', week, status: '4.2.2', detail: 'Mailbox full' });
    const logged = [{ kind: 'bounced-soft' as const, email: 'full@example.com', week: '2024-W10' }];
    const short = planSuppressions([soft(7, '2024-W11')], logged, weeksSent, 3, at);
    expect(short).toEqual({ wanted: [], streaks: new Map([[7, 2]]) });
    const full = planSuppressions([soft(8, '2024-W12')], [...logged, { kind: 'bounced-soft', email: 'full@example.com', week: '2024-W11' }], weeksSent, 3, at);
    expect(full.wanted).toEqual([{ email: 'Full@example.com', reason: 'bounced-soft', date: at, detail: '3 soft bounces in a row, the last: 4.2.2 Mailbox full' }]);
    // W11 got through: the run is W12 alone.
    expect(planSuppressions([soft(9, '2024-W12')], logged, weeksSent, 2, at).wanted).toEqual([]);
  });
});

describe('appendMailboxLog into a folder that does not exist', () => {
  it('names the folder and the setting to correct', async () => {
    const dir = await fixture({});
    const event: MailboxEvent = { at: '2024-03-09T10:00:00.000Z', key: '<a@example.com>', kind: 'bounced-hard', email: 'a@example.com', week: '2024-W10', suppressed: true };
    const writing = appendMailboxLog(path.join(dir, 'logs', 'mailbox.jsonl'), [event], 'logs/mailbox.jsonl', 'mailbox.log in watch-digest.config.json');
    await expect(writing).rejects.toThrow('logs/mailbox.jsonl: the folder logs/ does not exist: create it, or correct mailbox.log in watch-digest.config.json');
  });
});
