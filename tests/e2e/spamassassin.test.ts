import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, weekOf } from '../helpers/fixture.js';

/** Debian's SpamAssassin, local rules only (-L: no network), on a message as `send` builds it. */
function spamassassin(message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', ['-t', '-L'], { timeout: 120_000, maxBuffer: 20 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    child.stdin!.end(message);
  });
}

describe('the message send builds, through SpamAssassin', () => {
  it('hides the preheader without tripping HTML_FONT_LOW_CONTRAST, and scores well below spam', async () => {
    const dir = await fixture({
      ...weekOf(),
      'watch-digest.config.json': JSON.stringify({ name: 'Diplomacy Watch', from: { address: 'news@diplomacy-watch.net' }, postalAddress: '1 Example Way', unsubscribe: { url: 'https://diplomacy-watch.net/u?t={token}', mailto: 'leave@diplomacy-watch.net' } }),
      'subscribers.csv': 'email,name\nada@example.com,Ada Lovelace\n',
    });
    expect((await runCli(['compose', '--week', '2024-W10'], dir)).code).toBe(0);
    expect((await runCli(['send', '--week', '2024-W10'], dir)).code).toBe(0);
    const outbox = path.join(dir, 'digests/2024-W10/outbox');
    const [name] = await readdir(outbox);
    const report = await spamassassin(await readFile(path.join(outbox, name!), 'utf8'));
    const details = report.slice(report.indexOf('Content analysis details'));
    expect(details).toContain('HTML_MESSAGE');
    expect(details).not.toContain('HTML_FONT_LOW_CONTRAST');
    const score = Number(/Content analysis details: +\((-?[\d.]+) points/.exec(details)?.[1]);
    expect(score).toBeLessThan(1);
  }, 120_000);
});
