import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, type MailboxAddresses, type Verdict } from '../../../src/mailbox/classify.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

const addresses: MailboxAddresses = { bounce: 'bounces@digest.test', unsubscribe: 'unsubscribe@digest.test', own: ['news@digest.test'] };
const sample = async (name: string, replace: Record<string, string> = {}) => {
  let text = await readFile(path.join(PROJECT_ROOT, 'tests/fixtures/mail', name), 'utf8');
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
  return readReturnedMail(text);
};
const id = (digit: string) => digit.repeat(32);
const only = (verdict: Verdict) => {
  if (verdict.kind !== 'bounce') throw new Error(`expected a bounce, got ${verdict.kind}`);
  expect(verdict.results).toHaveLength(1);
  return verdict.results[0]!;
};

describe('classify returned mail', () => {
  it.each([
    ['postfix-hard.eml', 'hard', 'userunknown', '5.1.1', 'unknown@readers.test', [id('1')]],
    ['postfix-soft.eml', 'soft', 'mailboxfull', '4.2.2', 'full@readers.test', [id('2')]],
    ['exchange-ndr.eml', 'hard', 'userunknown', '5.1.10', 'departed@corp.test', [id('3')]],
    ['gmail-bounce.eml', 'hard', 'userunknown', '5.1.1', 'nobody.here@gmail.test', [id('4')]],
    ['exim-bounce.eml', 'hard', 'userunknown', '5.1.1', 'old@exim.test', [id('5')]],
    ['qmail-bounce.eml', 'hard', 'userunknown', '5.1.1', 'closed@qmail.test', [id('6')]],
    ['verp-only-bounce.eml', 'hard', 'userunknown', '5.1.1', 'ghost@hmail.test', [id('7')]],
    ['delayed.eml', 'delayed', 'networkerror', '4.4.1', 'slow@readers.test', [id('8')]],
  ])('%s: %s (%s, %s) for %s, naming the original by its id', async (name, severity, reason, status, recipient, refs) => {
    const verdict = classify(await sample(name), addresses);
    expect(only(verdict)).toMatchObject({ severity, reason, status, recipient });
    expect(verdict.kind === 'bounce' && verdict.refs.sort()).toEqual(refs);
  });

  it('finds the original of a bounce that quotes nothing only through its VERP address', async () => {
    const verdict = classify(await sample('verp-only-bounce.eml'), { ...addresses, bounce: undefined });
    expect(verdict).toMatchObject({ kind: 'bounce', refs: [] });
  });

  it('reads ARF complaints, also when the provider replaced the Message-ID', async () => {
    expect(classify(await sample('arf-complaint.eml'), addresses)).toMatchObject({ kind: 'complaint', feedbackType: 'abuse', refs: [id('9')] });
    expect(classify(await sample('ses-complaint.eml'), addresses)).toMatchObject({ kind: 'complaint', feedbackType: 'abuse', recipients: ['annoyed@ses.test'], refs: [id('a')] });
  });

  it('reads unsubscribe requests sent to the mailto address, with or without a token', async () => {
    expect(classify(await sample('unsubscribe-token.eml', { '{{TOKEN}}': 'abc.DEF_123-x' }), addresses)).toMatchObject({ kind: 'unsubscribe', sender: 'forwarded.alias@other.test', token: 'abc.DEF_123-x' });
    expect(classify(await sample('unsubscribe-plain.eml'), addresses)).toMatchObject({ kind: 'unsubscribe', sender: 'leaving@readers.test', token: undefined });
  });

  it('asks for the word "unsubscribe" when the unsubscribe address also receives replies', async () => {
    const shared = { ...addresses, own: ['news@digest.test', 'unsubscribe@digest.test'] };
    expect(classify(await sample('unsubscribe-plain.eml'), shared).kind).toBe('other');
    expect(classify(await sample('unsubscribe-plain.eml', { 'Please take me off the list': 'Unsubscribe' }), shared).kind).toBe('unsubscribe');
  });

  it.each(['vacation.eml', 'reader-reply.eml', 'spam.eml'])('leaves %s alone', async (name) => {
    expect(classify(await sample(name), addresses).kind).toBe('other');
  });

  it('never takes an auto-reply to the unsubscribe address for a request', async () => {
    const auto = await sample('unsubscribe-plain.eml', { 'Subject: Please': 'Auto-Submitted: auto-replied\nSubject: Please' });
    expect(classify(auto, addresses)).toEqual({ kind: 'other', reason: 'an automatic reply sent to the unsubscribe address' });
  });

  it('gives a bounce of a message we never sent no ids', async () => {
    const verdict = classify(await sample('foreign-bounce.eml'), addresses);
    expect(verdict).toMatchObject({ kind: 'bounce', refs: [] });
    expect(only(verdict)).toMatchObject({ severity: 'hard', reason: 'userunknown' });
  });
});
