import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIssue } from '../../src/commands/check.js';
import { compose } from '../../src/commands/compose.js';
import { cli } from '../helpers/cli.js';
import { PROJECT_ROOT, fixture, item, weekOf } from '../helpers/fixture.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { LIVE_DOMAIN, LIVE_SECRET } from '../helpers/live-project.js';

const WEEK = '2024-W10';
const CONFIG = {
  postalAddress: '1 Example Way',
  from: { address: `news@${LIVE_DOMAIN}` },
  unsubscribe: { url: `https://unsubscribe.${LIVE_DOMAIN}/u?token={token}` },
  greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' },
};
const smtpEnv = (url: string) => ({ SMTP_URL: url, UNSUBSCRIBE_SECRET: LIVE_SECRET });

async function project(): Promise<string> {
  const dir = await fixture({ ...weekOf('2024-03-06', `www.${LIVE_DOMAIN}`), 'watch-digest.config.json': JSON.stringify(CONFIG), 'subscribers.csv': 'email,name\nada@example.com,Ada\nbo@example.com,\n' });
  expect((await cli(['compose', '--week', WEEK], dir)).code).toBe(0);
  return dir;
}

// Each test runs the CLI ten times or so; on a busy machine one run can take seconds.
describe('a build older than its items, templates or config', { timeout: 240_000 }, () => {
  it('fails check and is refused by send until it is composed again', async () => {
    const dir = await project();
    const server = await startSmtpServer();
    expect((await cli(['check', '--week', WEEK], dir)).code).toBe(0);

    // The editor fixes a bullet after compose.
    await writeFile(path.join(dir, 'digests', 'news', 'two.md'), item({ kind: 'news', date: '2024-03-06' }, 'A corrected bullet.'));
    const check = await cli(['check', '--week', WEEK], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`error   stale: ${path.join('digests', WEEK, 'issue.html')} is stale: item digests/news/two.md changed since it was composed; run \`watch-digest compose --week ${WEEK}\``);

    const send = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(send.code).toBe(1);
    expect(send.stderr).toContain(`error: ${path.join('digests', WEEK, 'issue.html')} is stale: item digests/news/two.md changed since it was composed`);
    expect(send.stderr).toContain(`hint: Run \`watch-digest compose --week ${WEEK}\` (and \`check\`) again, then send; --allow-stale sends the build as it is.`);
    const test = await cli(['send', '--week', WEEK, '--to', 'editor@example.com'], dir, smtpEnv(server.url));
    expect(test.code).toBe(1);
    expect(server.received).toHaveLength(0);

    // Recomposed, both pass, and every reader gets the corrected text, personalised.
    expect((await cli(['compose', '--week', WEEK], dir)).code).toBe(0);
    expect((await cli(['check', '--week', WEEK], dir)).code).toBe(0);
    const sent = await cli(['send', '--week', WEEK, '--yes'], dir, smtpEnv(server.url));
    expect(sent.code).toBe(0);
    expect(server.received).toHaveLength(2);
    const messages = await Promise.all([0, 1].map((i) => server.parse(i)));
    const byAddress = Object.fromEntries(messages.map((m) => [(m.to as { text: string }).text, m]));
    expect(byAddress['"Ada" <ada@example.com>']!.text).toContain('Dear Ada,');
    expect(byAddress['bo@example.com']!.text).toContain('Dear reader,');
    for (const message of messages) {
      expect(message.text).toContain('A corrected bullet.');
      expect(message.text).not.toMatch(/%%|token=sample/);
      expect(message.html).not.toMatch(/%%|token=sample/);
    }
  });

  it('sends the stale build with --allow-stale, as it was built', async () => {
    const dir = await project();
    const server = await startSmtpServer();
    await writeFile(path.join(dir, 'digests', 'state.md'), item({ kind: 'state-dept', date: '2024-03-06' }, 'A briefing was held after all.'));
    const run = await cli(['send', '--week', WEEK, '--yes', '--allow-stale'], dir, smtpEnv(server.url));
    expect(run.code).toBe(0);
    expect(server.received).toHaveLength(2);
    const message = await server.parse(0);
    expect(message.text).toContain('No briefing was held this week.');
  });

  it('resumes a send that has begun with the build that went out, however the items changed since', async () => {
    const dir = await project();
    let refuseBo = true;
    const server = await startSmtpServer({ onRecipient: (address) => (refuseBo && address === 'bo@example.com' ? 451 : undefined) });
    const env = { ...smtpEnv(server.url), WATCH_DIGEST_BACKOFF_MS: '0' };
    const first = await cli(['send', '--week', WEEK, '--yes'], dir, env);
    expect(first.code).toBe(1);
    expect(server.counts().get('ada@example.com')).toBe(1);

    // An edit after the send began: the rest of the list still gets the issue Ada got.
    await writeFile(path.join(dir, 'digests', 'state.md'), item({ kind: 'state-dept', date: '2024-03-06' }, 'A briefing was held after all.'));
    const check = await cli(['check', '--week', WEEK], dir);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stderr).toContain('is stale: item digests/state.md changed since it was composed, but sending it has begun: the rest of the list gets the issue that went out');
    refuseBo = false;
    const resumed = await cli(['send', '--week', WEEK, '--yes'], dir, env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(server.counts().get('bo@example.com')).toBe(1);
    expect(server.counts().get('ada@example.com')).toBe(1);
    expect((await server.parse(server.received.length - 1)).text).toContain('No briefing was held this week.');
  });

  it('names a new item, a template and the config as what changed (in process)', async () => {
    const dir = await project();
    const run = async () => (await checkIssue({ cwd: dir, week: WEEK, env: {} })).findings.filter((f) => f.rule === 'stale').map((f) => f.message);
    const recompose = () => compose({ cwd: dir, week: WEEK });
    await writeFile(path.join(dir, 'digests', 'late.md'), item({ kind: 'news', date: '2024-03-07' }, 'Added after compose.'));
    await writeFile(path.join(dir, 'digests', 'next-week.md'), item({ kind: 'news', date: '2024-03-14' }, 'Next week: not part of this build.'));
    expect(await run()).toEqual([expect.stringContaining('is stale: item digests/late.md is new since it was composed')]);

    await recompose();
    await cp(path.join(PROJECT_ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    expect(await run()).toEqual([expect.stringContaining('is stale: template templates/issue.mjml is new; template templates/partials/footer.mjml is new;')]);

    await recompose();
    await writeFile(path.join(dir, 'watch-digest.config.json'), JSON.stringify({ ...CONFIG, name: 'A New Name' }));
    expect(await run()).toEqual([expect.stringContaining('is stale: the config changed since it was composed')]);

    // Reformatting the config changes nothing the build used.
    await recompose();
    await writeFile(path.join(dir, 'watch-digest.config.json'), JSON.stringify({ ...CONFIG, name: 'A New Name' }, null, 4));
    expect(await run()).toEqual([]);
    expect(JSON.parse(await readFile(path.join(dir, 'digests', WEEK, 'issue.json'), 'utf8')).inputs.items).toHaveProperty(['digests/late.md']);
  });
});
