import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { signToken } from '../../src/audience/unsubscribe-token.js';
import type { MailUser, TestDovecot } from './dovecot-server.js';
import { fixture, PROJECT_ROOT } from './fixture.js';

/** The secret the samples' unsubscribe token is signed with. */
export const SECRET = 'mailbox-test-secret';
export const SAMPLES = path.join(PROJECT_ROOT, 'tests/fixtures/mail');
const id = (digit: string) => digit.repeat(32);

/** The ledger of the week the samples answer: each id went to the address in the samples' README. */
export const SENT: Array<[string, string]> = [
  ['1', 'unknown@readers.test'],
  ['2', 'full@readers.test'],
  ['3', 'departed@corp.test'],
  ['4', 'nobody.here@gmail.test'],
  ['5', 'old@exim.test'],
  ['6', 'closed@qmail.test'],
  ['7', 'ghost@hmail.test'],
  ['8', 'slow@readers.test'],
  ['9', 'grumpy@yahoo.test'],
  ['a', 'annoyed@ses.test'],
];
const ledger = SENT.map(([digit, email]) => JSON.stringify({ email, status: 'sent', build: 'b', messageId: `<${id(digit)}@digest.test>`, response: '250 ok', attempts: 1, at: '2024-03-08T10:00:00.000Z' })).join('\n') + '\n';

export const mailboxConfig = (mailbox: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'Diplomacy Watch',
    from: { address: 'news@digest.test' },
    bounce: { address: 'bounces@digest.test', verp: true },
    unsubscribe: { url: 'https://digest.test/u?t={token}', mailto: 'unsubscribe@digest.test' },
    // The receiving server whose Authentication-Results vouch for a mailed request's From: line.
    mailbox: { authServer: 'mx.digest.test', ...mailbox },
  });

/** A newsletter folder whose ledger, subscribers and suppression file the samples answer. */
export async function mailboxProject(mailbox: Record<string, unknown> = {}): Promise<string> {
  return fixture({
    'watch-digest.config.json': mailboxConfig(mailbox),
    'digests/2024-W10/sends.jsonl': ledger,
    'subscribers.csv': ['email', ...SENT.map(([, email]) => email), 'leaving@readers.test'].join('\n') + '\n',
    'unsubscribed.csv': 'email\nalready@readers.test\n',
  });
}

/** The 16 samples: 12 to handle (suppressing 10 addresses), 4 to leave. */
export async function sampleMessages(): Promise<string[]> {
  const names = (await readdir(SAMPLES)).filter((n) => n.endsWith('.eml')).sort();
  return Promise.all(names.map(async (name) => (await readFile(path.join(SAMPLES, name), 'utf8')).replace('{{TOKEN}}', signToken('reader.two@readers.test', SECRET))));
}

export async function fillMailbox(dovecot: TestDovecot, user: MailUser): Promise<void> {
  for (const raw of await sampleMessages()) await dovecot.append(user, raw);
}
