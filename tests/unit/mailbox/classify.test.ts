import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { severity, statusFrom } from '../../../src/mailbox/bounce-severity.js';
import { classify, type MailboxAddresses } from '../../../src/mailbox/classify.js';
import { readReturnedMail } from '../../../src/mailbox/returned-mail.js';
import { PROJECT_ROOT } from '../../helpers/fixture.js';

const addresses: MailboxAddresses = { bounce: 'bounces@digest.test', unsubscribe: 'unsubscribe@digest.test', own: ['news@digest.test'] };
const sample = async (name: string, replace: Record<string, string> = {}) => {
  let text = await readFile(path.join(PROJECT_ROOT, 'tests/fixtures/mail', name), 'utf8');
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
  return readReturnedMail(text);
};
const id = (digit: string) => digit.repeat(32);

describe('classify returned mail', () => {
  it.each([
    ['postfix-hard.eml', 'hard', '5.1.1', 'unknown@readers.test', [id('1')]],
    ['postfix-soft.eml', 'soft', '4.2.2', 'full@readers.test', [id('2')]],
    ['exchange-ndr.eml', 'hard', '5.1.10', 'departed@corp.test', [id('3')]],
    ['gmail-bounce.eml', 'hard', '5.1.1', 'nobody.here@gmail.test', [id('4')]],
    ['exim-bounce.eml', 'hard', '5.1.1', 'old@exim.test', [id('5')]],
    ['qmail-bounce.eml', 'hard', '5.1.1', undefined, [id('6')]],
    ['verp-only-bounce.eml', 'hard', '5.5.0', undefined, [id('7')]],
    ['delayed.eml', 'delayed', '4.4.1', 'slow@readers.test', [id('8')]],
  ])('%s: a %s bounce, %s, naming the original by its id', async (name, kind, status, recipient, refs) => {
    const verdict = classify(await sample(name), addresses);
    expect(verdict).toMatchObject({ kind: 'bounce', severity: kind, status, recipient });
    expect(verdict.kind === 'bounce' && verdict.refs.sort()).toEqual(refs);
  });

  it('finds the original of a bounce that quotes nothing only through its VERP address', async () => {
    const verdict = classify(await sample('verp-only-bounce.eml'), { ...addresses, bounce: undefined });
    expect(verdict).toMatchObject({ kind: 'bounce', refs: [] });
  });

  it('reads ARF complaints, also when the provider replaced the Message-ID', async () => {
    expect(classify(await sample('arf-complaint.eml'), addresses)).toEqual({ kind: 'complaint', feedbackType: 'abuse', refs: [id('9')] });
    expect(classify(await sample('ses-complaint.eml'), addresses)).toEqual({ kind: 'complaint', feedbackType: 'abuse', refs: [id('a')] });
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
    expect(classify(await sample('foreign-bounce.eml'), addresses)).toMatchObject({ kind: 'bounce', severity: 'hard', refs: [] });
  });
});

describe('bounce severity', () => {
  it.each([
    ['failed', '5.1.1', 'hard'],
    ['failed', '5.4.1', 'hard'],
    ['failed', '5.2.1', 'hard'],
    ['failed', '5.2.2', 'soft'],
    ['failed', '5.7.1', 'soft'],
    ['failed', '5.7.26', 'soft'],
    ['failed', '4.2.2', 'soft'],
    ['failed', undefined, 'soft'],
    ['delayed', '4.4.1', 'delayed'],
    ['relayed', '2.0.0', 'delivered'],
  ] as const)('%s %s is %s', (action, status, expected) => {
    expect(severity(action, status)).toBe(expected);
  });

  it('reads codes from SMTP replies, not from IP addresses or other numbers', () => {
    expect(statusFrom('smtp; 550-5.1.1 The mailbox')).toBe('5.1.1');
    expect(statusFrom('Sorry, no mailbox here by that name. (#5.1.1)')).toBe('5.1.1');
    expect(statusFrom('smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound')).toBe('5.1.10');
    expect(statusFrom('host [192.0.2.30] said: 552 too big')).toBe('5.0.0');
    expect(statusFrom('connect to 192.0.2.40 failed after 4.0 hours')).toBeUndefined();
  });
});
