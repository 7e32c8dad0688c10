import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecipientResult, Verdict } from '../../../src/mailbox/classify.js';
import { classify } from '../../../src/mailbox/classify.js';
import { decide, type DecideContext } from '../../../src/mailbox/decide.js';
import { refusalsOf } from '../../../src/mailbox/feedback-stats.js';
import { planSuppressions } from '../../../src/mailbox/plan-suppressions.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

const id = 'b'.repeat(32);
const context = (email: string): DecideContext => ({
  byId: new Map([[id, { email, week: '2024-W10' }]]),
  verifyToken: () => undefined,
  canVerifyTokens: false,
  isSubscriber: () => false,
});
const result = (recipient: string, severity: RecipientResult['severity'], reason: RecipientResult['reason']): RecipientResult => ({
  recipient,
  severity,
  reason,
  status: undefined,
  command: 'RCPT',
  diagnostic: `550 about ${recipient}`,
});

describe('deciding what a returned message does to a reader', () => {
  it('takes, from a report about several recipients, what it says of the reader the ledger names', () => {
    const verdict: Verdict = { kind: 'bounce', refs: [id], results: [result('other@readers.test', 'hard', 'userunknown'), result('Reader@Readers.test', 'refused', 'blocked')] };
    expect(decide(verdict, context('reader@readers.test'))).toMatchObject({ action: 'process', kind: 'refused', reason: 'blocked', email: 'reader@readers.test' });
  });

  it('logs a refused send with its reason and never suppresses it, however often it comes', () => {
    const events = [1, 2, 3, 4].map((n) => ({ id: n, kind: 'refused' as const, email: 'reader@bigmail.test', week: `2024-W1${n}`, reason: 'blocked' }));
    const weeks = new Map([['reader@bigmail.test', ['2024-W11', '2024-W12', '2024-W13', '2024-W14']]]);
    expect(planSuppressions(events, [], weeks, 2, '2024-04-01T00:00:00.000Z')).toEqual({ wanted: [], streaks: new Map() });
  });

  it('leaves an authentication-failure report in the mailbox, with a warning, and suppresses nobody', async () => {
    const mail = await readReturnedMail(await readFile(path.join(PROJECT_ROOT, 'tests/fixtures/mail/shapes/auth-failure-report.eml')));
    const verdict = classify(mail, { bounce: 'bounces@digest.test', unsubscribe: undefined, own: [] });
    expect(decide(verdict, context('reader@bigmail.test'))).toMatchObject({ action: 'leave', warn: true, reason: expect.stringContaining('not a complaint') });
  });

  it('counts a week\'s refusals by receiving domain and reason, each address once', () => {
    const refusals = refusalsOf([
      { kind: 'refused', email: 'a@gmail.com', reason: 'policyviolation' },
      { kind: 'refused', email: 'b@Gmail.com', reason: 'policyviolation' },
      { kind: 'refused', email: 'b@gmail.com', reason: 'policyviolation' },
      { kind: 'refused', email: 'c@gmail.com', reason: 'toomanyconn' },
      { kind: 'refused', email: 'd@yahoo.com' },
      { kind: 'bounced-hard', email: 'e@gmail.com', reason: 'userunknown' },
    ]);
    expect(refusals.map((r) => `${r.summary} (${r.count})`)).toEqual([
      'blocked by gmail.com for policy (2)',
      'blocked by gmail.com for our sending rate (1)',
      'refused by yahoo.com for a reason it did not give (1)',
    ]);
  });
});
