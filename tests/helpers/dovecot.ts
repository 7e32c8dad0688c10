import { afterAll } from 'vitest';
import { startDovecotServer, type MailUser, type TestDovecot } from './dovecot-server.js';

export { MAIL_UID, type MailUser, type TestDovecot } from './dovecot-server.js';

const running: TestDovecot[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((dovecot) => dovecot.stop()));
});

/** Dovecot on loopback for a test file, stopped after it (see dovecot-server.ts). */
export async function startDovecot(users: MailUser[], options: { tls?: boolean } = {}): Promise<TestDovecot> {
  const dovecot = await startDovecotServer(users, options);
  running.push(dovecot);
  return dovecot;
}
