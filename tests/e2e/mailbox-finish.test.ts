import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors.js';
import { imapSettingsFromEnv, openMailbox } from '../../src/mailbox/imap.js';
import { startDovecot, type MailUser, type TestDovecot } from '../helpers/dovecot.js';

const many: MailUser = { user: 'many@digest.test', pass: 'many-secret-pw' };
const refused: MailUser = { user: 'refused@digest.test', pass: 'refused-secret-pw' };
const message = (n: number) => `From: mailer-daemon@example.net\r\nTo: bounces@digest.test\r\nSubject: Undelivered ${n}\r\nMessage-ID: <m${n}@example.net>\r\n\r\nReturned.\r\n`;

/** Handling the processed messages of the bounce mailbox (openMailbox's finish), against Debian's Dovecot on loopback. */
describe('the bounce mailbox, finishing what was handled', () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot([many, refused]);
  }, 120_000);

  const open = (user: MailUser) => openMailbox(imapSettingsFromEnv({ IMAP_URL: dovecot.imapUrl(user.user, user.pass) })!, 'INBOX');

  it('flags and moves thousands of UIDs without passing a command-length limit', async () => {
    for (const n of [1, 2, 3]) await dovecot.append(many, message(n));
    const mailbox = await open(many);
    try {
      // 20,000 UIDs that form no range (gone meanwhile, say): one command would be over 100 KB.
      const uids = [...mailbox.messages.map((m) => m.uid), ...Array.from({ length: 20_000 }, (_, i) => 1001 + 2 * i)];
      expect(await mailbox.finish(uids, 'watch-digest-processed')).toEqual({ moved: true });
    } finally {
      await mailbox.close();
    }
    expect(await dovecot.messages(many)).toEqual([]);
    const moved = await dovecot.messages(many, 'watch-digest-processed');
    expect(moved).toHaveLength(3);
    expect(moved.every((m) => m.flags.includes('\\Seen') && m.flags.includes('$WatchDigestProcessed'))).toBe(true);
  });

  it('reports a folder the server refuses to create as a clear error, without the password', async () => {
    await dovecot.append(refused, message(1));
    const mailbox = await open(refused);
    let error: unknown;
    try {
      await mailbox.finish(mailbox.messages.map((m) => m.uid), '~handled').catch((e: unknown) => (error = e));
    } finally {
      await mailbox.close();
    }
    expect(error).toBeInstanceOf(UserError);
    const { message: text, hint } = error as UserError;
    expect(text).toMatch(/^imap:\/\/refused@digest\.test@127\.0\.0\.1:\d+: cannot create the folder "~handled" for handled messages in "INBOX": Invalid mailbox name/);
    expect(hint).toContain('run `watch-digest mailbox` again');
    expect(`${text} ${hint}`).not.toContain(refused.pass);
    // Flagged as processed all the same, and left where it was.
    expect((await dovecot.messages(refused)).map((m) => m.flags.includes('$WatchDigestProcessed'))).toEqual([true]);
  });
});
