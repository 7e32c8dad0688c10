import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type MailUser, type TestDovecot } from '../helpers/dovecot.js';
import { fixture, runCli } from '../helpers/fixture.js';
import { LIVE_DOMAIN, LIVE_SECRET } from '../helpers/live-project.js';

const BOX: MailUser = { user: `bounces@${LIVE_DOMAIN}`, pass: 'auth-box-pw' };
const OURS = `mx.${LIVE_DOMAIN}`;
const READERS = ['reader7@mail-a.org', 'reader8@mail-b.org', 'reader9@mail-c.org'];

/** A request mailed to the unsubscribe address without a token, as our receiving server stored it (its own header on top). */
function request(from: string, id: string, headers: string[]): string {
  return [
    ...headers,
    `Return-Path: <${from}>`,
    `Delivered-To: ${BOX.user}`,
    `From: <${from}>`,
    `To: unsubscribe@${LIVE_DOMAIN}`,
    'Subject: unsubscribe',
    `Message-ID: <${id}@sender.test>`,
    'Date: Sat, 9 Mar 2024 07:30:00 +0000',
    '',
    'Please take me off the list.',
    '',
  ].join('\r\n');
}

describe('mailed unsubscribe requests (Dovecot on loopback)', () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot([BOX]);
  }, 120_000);

  it('a forged From: suppresses no one and is left with a warning naming it; an authenticated one suppresses its sender', async () => {
    // reader8: SPF fail, no DKIM, DMARC fail by our server; the forger's own "pass" header sits below ours.
    await dovecot.append(BOX, request(READERS[1]!, 'forged', [`Authentication-Results: ${OURS}; spf=fail smtp.mailfrom=mail-b.org; dkim=none; dmarc=fail (p=reject) header.from=mail-b.org`, `Authentication-Results: ${OURS}; dmarc=pass header.from=mail-b.org`]));
    // reader9: a "pass" from a server that is not ours, and none from ours.
    await dovecot.append(BOX, request(READERS[2]!, 'elsewhere', ['Authentication-Results: mx.forger.net; dkim=pass header.d=mail-c.org; dmarc=pass header.from=mail-c.org']));
    // reader7: DKIM pass for the From domain, as our server verified it.
    await dovecot.append(BOX, request(READERS[0]!, 'genuine', [`Authentication-Results: ${OURS}; spf=pass smtp.mailfrom=mail-a.org; dkim=pass header.d=mail-a.org header.s=s1; dmarc=pass header.from=mail-a.org`]));
    const dir = await fixture({
      'watch-digest.config.json': JSON.stringify({ from: { address: `news@${LIVE_DOMAIN}` }, unsubscribe: { url: `https://unsubscribe.${LIVE_DOMAIN}/u?token={token}`, mailto: `unsubscribe@${LIVE_DOMAIN}` }, mailbox: { authServer: OURS } }),
      'subscribers.csv': `email\n${READERS.join('\n')}\n`,
    });
    const run = await runCli(['mailbox'], dir, { IMAP_URL: dovecot.imapUrl(BOX.user, BOX.pass), UNSUBSCRIBE_SECRET: LIVE_SECRET });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`left in the mailbox: an unsubscribe request from ${READERS[1]} without a valid token, and its From: is not authenticated (${OURS} found spf=fail, dkim=none, dmarc=fail for mail-b.org)`);
    expect(run.stderr).toContain(`an unsubscribe request from ${READERS[2]} without a valid token, and its From: is not authenticated (no Authentication-Results header from ${OURS})`);
    const rows = (await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).trim().split('\n');
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2).join(','))).toEqual([`${READERS[0]},unsubscribed`]);
    expect(rows[1]).toContain(`DMARC pass for mail-a.org (${OURS})`);
    const left = (await dovecot.messages(BOX)).map((m) => /^Message-ID: <(.*)@/m.exec(m.source)?.[1]).sort();
    expect(left).toEqual(['elsewhere', 'forged']);
  }, 120_000);
});
