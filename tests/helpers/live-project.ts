import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { CLI, cleanEnv, item } from './fixture.js';

/**
 * A newsletter ready to go live: no reserved example domain (RFC 2606/6761) in its sender,
 * links or unsubscribe addresses, and secrets of 32 bytes or more, so `check` passes and `send`
 * mails it over real SMTP. The domain is only a name here: no test reaches beyond 127.0.0.1.
 */
export const LIVE_DOMAIN = 'diplomacy-watch.net';
export const LIVE_SECRET = 'live-unsubscribe-secret-0123456789abcdef';
export const PULL_SECRET = 'live-pull-secret-fedcba9876543210-0123456789';

export function liveConfig(unsubscribeUrl: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'Diplomacy Watch',
    from: { name: 'Diplomacy Watch', address: `news@${LIVE_DOMAIN}` },
    postalAddress: '1 Embassy Row, Capital City',
    greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' },
    unsubscribe: { url: unsubscribeUrl, mailto: `unsubscribe@${LIVE_DOMAIN}` },
    ...extra,
  });
}

/** A week of items (lead, news, State Department note) dated `date`, linking only to the live domain. */
export function liveWeek(date: string, folder = date): Record<string, string> {
  return {
    [`digests/${folder}/lead.md`]: item({ kind: 'lead', date, title: `Envoys meet again (${date})`, dek: 'The talks resumed after a pause.' }, `The talks resumed, as [our correspondent wrote](https://www.${LIVE_DOMAIN}/talks).`),
    [`digests/${folder}/news.md`]: item({ kind: 'news', date }, `- A port reopened, per [the harbour office](https://www.${LIVE_DOMAIN}/port).`),
    [`digests/${folder}/state.md`]: item({ kind: 'state-dept', date }, 'The spokesperson held one briefing.'),
  };
}

const running: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
});

/** `watch-digest unsubscribe-server` as a user runs it, on a free port of 127.0.0.1; resolves once it says where it listens. */
export async function startEndpoint(cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; output: () => string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'unsubscribe-server', '--listen', '127.0.0.1:0'], {
    cwd,
    env: cleanEnv({ UNSUBSCRIBE_SECRET: LIVE_SECRET, UNSUBSCRIBE_PULL_SECRET: PULL_SECRET, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+) /.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`unsubscribe-server exited (${code}): ${output}`)));
  });
  return { url, output: () => output, child };
}
