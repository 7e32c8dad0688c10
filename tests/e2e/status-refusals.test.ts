import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/fixture.js';

const sent = (email: string, n: number) =>
  JSON.stringify({ email, status: 'sent', build: 'b', messageId: `<${n.toString(16).padStart(32, '0')}@digest.test>`, response: '250 ok', attempts: 1, at: '2024-03-08T10:00:00.000Z' });
const event = (email: string, kind: string, reason?: string) =>
  JSON.stringify({ at: '2024-03-09T08:00:00.000Z', key: `<${email}-${kind}@mx.test>`, kind, email, week: '2024-W10', ...(reason ? { reason } : {}), suppressed: kind === 'bounced-hard' });

describe('watch-digest status: refused sends by receiving domain', () => {
  it('shows the week\'s refusals per domain and reason, apart from the bounces that count against readers', async () => {
    const readers = ['a@gmail.test', 'b@gmail.test', 'c@gmail.test', 'd@yahoo.test', 'e@corp.test', 'f@corp.test'];
    const dir = await fixture({
      'watch-digest.config.json': JSON.stringify({ name: 'Diplomacy Watch', from: { address: 'news@digest.test' }, unsubscribe: { url: 'https://digest.test/u?t={token}' } }),
      'subscribers.csv': ['email', ...readers].join('\n') + '\n',
      'digests/2024-W10/sends.jsonl': readers.map((email, i) => sent(email, i + 1)).join('\n') + '\n',
      'mailbox-log.jsonl':
        [
          event('a@gmail.test', 'refused', 'policyviolation'),
          event('b@gmail.test', 'refused', 'policyviolation'),
          event('c@gmail.test', 'refused', 'spamdetected'),
          event('d@yahoo.test', 'refused', 'toomanyconn'),
          event('e@corp.test', 'bounced-hard', 'userunknown'),
        ].join('\n') + '\n',
    });
    const run = await runCli(['status', '--week', '2024-W10'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Returned (from `watch-digest mailbox`): 1 hard bounce(s) (16.67%), 0 soft, 4 refused send(s), 0 complaint(s) (0.00%)');
    const lines = run.stdout.split('\n');
    const from = lines.findIndex((line) => line.startsWith('Refused by the receiving side'));
    expect(lines.slice(from + 1, from + 4)).toEqual([
      '  blocked by gmail.test for policy (2)',
      '  blocked by gmail.test as spam (1)',
      '  blocked by yahoo.test for our sending rate (1)',
    ]);
    const json = JSON.parse((await runCli(['status', '--week', '2024-W10', '--json'], dir)).stdout);
    expect(json.feedback.refusals[0]).toEqual({ domain: 'gmail.test', reason: 'policyviolation', count: 2, summary: 'blocked by gmail.test for policy' });
  }, 60_000);
});
