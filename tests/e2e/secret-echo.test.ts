import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/fixture.js';
import { echoOf, revealsPassword, startEchoImap, startEchoSmtp, type Echo } from '../helpers/echo-auth-servers.js';
import { mailboxProject } from '../helpers/mailbox-project.js';
import { composedProject, smtpEnv, WEEK } from '../helpers/send-project.js';

const USER = 'bounces@digest.test';
/** Characters that URL-encoding, IMAP quoting and JSON each write differently. */
const PASS = 'Pa$$ w0rd/"q"+%&=\\end';
const ECHOES: Echo[] = ['as-sent', 'decoded', 'url-encoded', 'password-base64', 'base64url', 'json'];
const url = (scheme: 'imap' | 'smtp', port: number) => `${scheme}://${encodeURIComponent(USER)}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`;

/** Servers on loopback that repeat the login data in their replies: no form of the password may reach the screen or a file. */
describe('a password echoed back by a server, in any encoding', () => {
  it('is recognised in every form the servers use (the check below can fail)', () => {
    const plain = Buffer.from(`\0${USER}\0${PASS}`).toString('base64');
    for (const echo of ECHOES) expect(revealsPassword(`rejected ${echoOf(echo, plain)}`, PASS)).toBe(true);
    expect(revealsPassword(`rejected ${Buffer.from(`x${PASS}y`).toString('base64')}`, PASS)).toBe(true);
    expect(revealsPassword('rejected ***', PASS)).toBe(false);
  });

  for (const offer of ['PLAIN', 'LOGIN', 'login-command'] as const) {
    it(`never shows it from IMAP (${offer === 'login-command' ? 'the LOGIN command' : `AUTHENTICATE ${offer}`}): in errors, --json runs or debug output`, async () => {
      const dir = await mailboxProject();
      for (const [i, echo] of ECHOES.entries()) {
        const server = await startEchoImap(echo, offer);
        try {
          const args = i % 2 ? ['mailbox', '--json'] : ['mailbox'];
          const run = await runCli(args, dir, { IMAP_URL: url('imap', server.port), ...(i % 3 === 0 ? { WATCH_DIGEST_DEBUG: '1' } : {}) });
          expect(server.received.some((line) => /AUTHENTICATE|LOGIN/i.test(line))).toBe(true);
          expect(run.code).toBe(1);
          expect(run.stderr).toMatch(/^error: cannot open the mailbox imap:\/\/bounces@digest.test@127.0.0.1:\d+: .*rejected .*\*\*\*/m);
          expect({ echo, revealed: revealsPassword(run.stdout + run.stderr, PASS) }).toEqual({ echo, revealed: false });
        } finally {
          await server.close();
        }
      }
    });
  }

  for (const offer of ['PLAIN', 'LOGIN'] as const) {
    it(`never shows it from SMTP (AUTH ${offer}): in errors, nor in the send ledger when recipients are refused with it`, async () => {
      for (const echo of ECHOES) {
        for (const reject of ['auth', 'rcpt'] as const) {
          const dir = await composedProject();
          const server = await startEchoSmtp(echo, offer, reject);
          try {
            const run = await runCli(['send', '--week', WEEK, '--yes', ...(reject === 'rcpt' ? ['--json'] : [])], dir, smtpEnv(url('smtp', server.port), { WATCH_DIGEST_DEBUG: '1' }));
            expect(server.received.some((line) => /^AUTH /i.test(line))).toBe(true);
            expect(run.code).toBe(1);
            const ledger = reject === 'rcpt' ? await readFile(path.join(dir, 'digests', WEEK, 'sends.jsonl'), 'utf8') : '';
            if (reject === 'rcpt') expect(ledger).toMatch(/550 5\.1\.1 no such user \(session .*\*\*\*/);
            else expect(run.stderr).toMatch(/authentication failed for .*\*\*\*/);
            expect({ echo, reject, revealed: revealsPassword(run.stdout + run.stderr + ledger, PASS) }).toEqual({ echo, reject, revealed: false });
          } finally {
            await server.close();
          }
        }
      }
    });
  }
});
