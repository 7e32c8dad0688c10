import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INIT_SAMPLE_PHRASES } from '../../src/issue/init-samples.js';
import { PROJECT_ROOT, fixture, runCli } from '../helpers/fixture.js';
import { LIVE_DOMAIN, LIVE_SECRET, liveConfig, liveWeek } from '../helpers/live-project.js';
import { startSmtpServer } from '../helpers/smtp.js';

type Report = { errors: number; findings: Array<{ level: string; rule: string; message: string; where: string }> };

describe('nothing placeholder goes out', () => {
  it('init without a terminal says which defaults it used, and check then fails naming each placeholder', async () => {
    const dir = await fixture({});
    const init = await runCli(['init', '.'], dir);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('no terminal to ask, so init used the defaults: name "My Newsletter" (--name), sender "newsletter@example.org" (--from), time zone "UTC" (--time-zone)');
    for (const name of ['UNSUBSCRIBE_SECRET', 'UNSUBSCRIBE_PULL_SECRET', 'SMTP_URL', 'IMAP_URL', 'DKIM_PRIVATE_KEY', 'UNSUBSCRIBE_PULL_URL', 'SEND_RATE', 'SPF', 'DKIM', 'DMARC', 'PRIVATE', 'unsubscribe-endpoint/wrangler.toml', 'bounce mailbox']) {
      expect(init.stdout).toContain(name);
    }
    const check = await runCli(['check', '--week', '--json'], dir, { UNSUBSCRIBE_SECRET: 'x' });
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as Report;
    const errors = report.findings.filter((f) => f.level === 'error');
    const where = errors.map((f) => f.where);
    for (const field of ['from.address', 'unsubscribe.url', 'unsubscribe.mailto']) expect(where).toContain(`watch-digest.config.json ${field}`);
    for (const { phrase } of INIT_SAMPLE_PHRASES) expect(errors.some((f) => f.rule === 'sample-text' && f.message.includes(phrase))).toBe(true);
    expect(errors.filter((f) => f.rule === 'sample-text').map((f) => path.basename(f.where)).sort()).toEqual(expect.arrayContaining(['lead.md', 'news.md', 'state-dept.md']));
    expect(errors.some((f) => f.rule === 'placeholder-domain' && f.message.startsWith('link to https://example.org/wire'))).toBe(true);
    expect(errors.find((f) => f.rule === 'unsubscribe-secret')?.message).toContain('UNSUBSCRIBE_SECRET is 1 bytes long; it must be at least 32');
  });

  it('init asks nothing when given --name, --from and --time-zone, and refuses a time zone that is no IANA name (a usage error)', async () => {
    const dir = await fixture({});
    const init = await runCli(['init', '.', '--name', 'Embassy Notes', '--from', `editor@${LIVE_DOMAIN}`, '--time-zone', 'Pacific/Auckland'], dir);
    expect(init.code).toBe(0);
    expect(init.stderr).toBe('');
    expect(JSON.parse(await readFile(path.join(dir, 'watch-digest.config.json'), 'utf8'))).toMatchObject({ timeZone: 'Pacific/Auckland', from: { address: `editor@${LIVE_DOMAIN}` } });
    const wrong = await runCli(['init', 'other', '--name', 'N', '--from', `editor@${LIVE_DOMAIN}`, '--time-zone', 'Mars/Olympus'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--time-zone "Mars/Olympus" is not an IANA time zone');
  });

  it('send refuses a real SMTP send on the same findings (a [TEST] copy only warns); a live newsletter goes out', async () => {
    const server = await startSmtpServer();
    const dir = await fixture({ ...liveWeek('2024-03-06'), 'subscribers.csv': 'email\nreader@mail-a.org\n' });
    const config = (extra = {}) => writeFile(path.join(dir, 'watch-digest.config.json'), liveConfig(`https://unsubscribe.${LIVE_DOMAIN}/u?token={token}`, extra));
    const send = (env: NodeJS.ProcessEnv, args: string[] = []) => runCli(['send', '--week', '2024-W10', '--yes', ...args], dir, { SMTP_URL: server.url, ...env });

    await config({ replyTo: 'desk@example.com' });
    expect((await runCli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    const placeholder = await send({ UNSUBSCRIBE_SECRET: LIVE_SECRET });
    expect(placeholder.code).toBe(1);
    expect(placeholder.stderr).toContain('refusing to mail the list: 1 placeholder would reach readers');
    expect(placeholder.stderr).toContain('replyTo "desk@example.com" uses example.com');
    const test = await send({ UNSUBSCRIBE_SECRET: LIVE_SECRET }, ['--to', `editor@${LIVE_DOMAIN}`]);
    expect(test.code).toBe(0);
    expect(test.stderr).toContain('(a real send refuses this)');

    await config();
    expect((await runCli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    const shortSecret = await send({ UNSUBSCRIBE_SECRET: 'sixteen-bytes-xx' });
    expect(shortSecret.code).toBe(1);
    expect(shortSecret.stderr).toContain('UNSUBSCRIBE_SECRET is 16 bytes long; it must be at least 32');
    expect(server.received.map((m) => m.envelopeTo[0])).toEqual([`editor@${LIVE_DOMAIN}`]);

    const check = await runCli(['check', '--week', '2024-W10', '--json'], dir, { UNSUBSCRIBE_SECRET: LIVE_SECRET });
    expect((JSON.parse(check.stdout) as Report).errors).toBe(0);
    const live = await send({ UNSUBSCRIBE_SECRET: LIVE_SECRET });
    expect(live.code, live.stderr).toBe(0);
    expect(server.received.map((m) => m.envelopeTo[0])).toEqual([`editor@${LIVE_DOMAIN}`, 'reader@mail-a.org']);
  });

  it('the bundled sample (README Quick start) still composes and "sends" to the outbox', async () => {
    const dir = await fixture({});
    for (const file of ['digests/2023-W52', 'subscribers.csv', 'watch-digest.config.json']) await cp(path.join(PROJECT_ROOT, file), path.join(dir, file), { recursive: true });
    expect((await runCli(['compose', '--week', '2023-W52'], dir)).code).toBe(0);
    const sent = await runCli(['send', '--week', '2023-W52'], dir);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await readdir(path.join(dir, 'digests', '2023-W52', 'outbox'))).length).toBeGreaterThan(0);
  });
});
