import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(PROJECT_ROOT, 'bin', 'watch-digest.js');

const perTest: string[] = [];
const perFile: string[] = [];
const removeAll = (dirs: string[]) => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perFile));

/**
 * A temporary project built from an inline file tree; removed after the test, or after the
 * test file when made in a beforeAll (`{ keep: 'file' }`).
 */
export async function fixture(files: Record<string, string>, options: { keep?: 'test' | 'file' } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'watch-digest-test-'));
  (options.keep === 'file' ? perFile : perTest).push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a test's CLI runs in: this one's, minus any real mail settings of the developer's. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(SMTP_|DKIM_|IMAP_|UNSUBSCRIBE_SECRET)/.test(key)));
  return { ...env, ...extra };
}

/** Runs the real CLI as a user would, in `cwd`. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(env) }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Front matter plus body, for writing items in tests. */
export function item(fields: Record<string, string>, body = ''): string {
  const lines = Object.entries(fields).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

/** A complete, valid week: a lead, two news items, a State Department note and a related read, linking to `host`. */
export function weekOf(date = '2024-03-06', host = 'example.com'): Record<string, string> {
  return {
    'digests/lead.md': item(
      { kind: 'lead', date, title: 'Diplomacy Watch: Talks resume', dek: 'Envoys met again after a pause.', author: 'A. Writer', url: `https://${host}/lead` },
      `First paragraph with [a source](https://${host}/source).\n\nSecond paragraph.`,
    ),
    'digests/news/one.md': item({ kind: 'news', date }, `- First bullet, according to [Wire](https://${host}/wire).\n- Second bullet.`),
    'digests/news/two.md': item({ kind: 'news', date, url: `https://${host}/port`, source: 'Port Daily' }, 'A single bullet.'),
    'digests/state.md': item({ kind: 'state-dept', date }, 'No briefing was held this week.'),
    'digests/related.md': item({ kind: 'related', date, title: 'Further reading', dek: 'More on the talks.', url: `https://${host}/more` }),
  };
}
