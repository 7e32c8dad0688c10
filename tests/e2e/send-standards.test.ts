import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixture, weekOf } from '../helpers/fixture.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { LIVE_DOMAIN, LIVE_SECRET } from '../helpers/live-project.js';

const WEEK = '2024-W10';
const env = (url: string, extra: NodeJS.ProcessEnv = {}) => ({ SMTP_URL: url, UNSUBSCRIBE_SECRET: LIVE_SECRET, WATCH_DIGEST_BACKOFF_MS: '20', ...extra });

async function project(subscribers: string[], config: Record<string, unknown> = {}) {
  const dir = await fixture({
    ...weekOf('2024-03-06', `www.${LIVE_DOMAIN}`),
    'watch-digest.config.json': JSON.stringify({ name: 'Diplomacy Watch', from: { address: `news@${LIVE_DOMAIN}` }, postalAddress: '1 Example Way', unsubscribe: { url: `https://${LIVE_DOMAIN}/u?t={token}` }, ...config }),
    'subscribers.csv': ['email,name', ...subscribers].join('\n') + '\n',
  });
  expect((await cli(['compose', '--week', WEEK], dir)).code).toBe(0);
  return dir;
}

describe('send against servers and DNS as they are', () => {
  it('backs off to fewer connections when the server allows fewer than --connections, and mails everyone once', async () => {
    const dir = await project(Array.from({ length: 30 }, (_, i) => `reader${i}@example.com,Reader ${i}`));
    const server = await startSmtpServer({ maxClients: 2, delayMs: 30 });
    const run = await cli(['send', '--week', WEEK, '--yes', '--connections', '6'], dir, env(server.url));
    expect(run.stdout).toContain(`${WEEK}: 30 sent, 0 failed, 0 deferred`);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: the server refused a connection \(421 .*Too many connected clients.*\): going on with [1-5] connection\(s\)/);
    expect([...server.counts().values()].every((n) => n === 1)).toBe(true);
    expect(server.counts().size).toBe(30);
  }, 120_000);

  it('warns in send and check when the DKIM domain or the bounce domain does not align with From', async () => {
    const dir = await project(['ada@example.com,Ada'], { bounce: { address: 'bounces@mail.esp-bounces.net' } });
    const { generateKeyPairSync } = await import('node:crypto');
    const key = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dkim = { DKIM_DOMAIN: 'esp-shared.net', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: key };
    const server = await startSmtpServer();
    const sent = await cli(['send', '--week', WEEK, '--yes'], dir, env(server.url, dkim));
    expect(sent.code).toBe(0);
    expect(sent.stderr).toContain('warning: DKIM_DOMAIN esp-shared.net does not align with the From domain diplomacy-watch.net');
    expect(sent.stderr).toContain("warning: the bounce address's domain mail.esp-bounces.net does not align with the From domain diplomacy-watch.net");
    expect(server.received[0]!.raw).toBeDefined();

    const check = await cli(['check', '--week', WEEK, '--json'], dir, dkim);
    const rules = JSON.parse(check.stdout).findings.filter((f: { rule: string }) => f.rule === 'alignment');
    expect(rules).toHaveLength(2);

    // A subdomain of the From domain aligns (DMARC's relaxed mode); so does a bounce address under it.
    const aligned = await project(['ada@example.com,Ada'], { bounce: { address: 'bounces@mail.diplomacy-watch.net' } });
    const ok = await cli(['check', '--week', WEEK, '--json'], aligned, { ...dkim, DKIM_DOMAIN: 'news.diplomacy-watch.net' });
    expect(JSON.parse(ok.stdout).findings.filter((f: { rule: string }) => f.rule === 'alignment')).toEqual([]);
  }, 120_000);
});
