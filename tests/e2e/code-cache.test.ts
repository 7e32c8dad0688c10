// compose through the CLI as a user runs it: the engine's code cache changes how fast, never what.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIVE_DOMAIN, LIVE_SECRET, liveConfig } from '../helpers/live-project.js';
import { fixture, runCli, weekOf } from '../helpers/fixture.js';

const ARTIFACTS = ['issue.html', 'issue.json', 'issue.mjml', 'issue.txt'];

async function artifacts(dir: string): Promise<string[]> {
  return Promise.all(ARTIFACTS.map((name) => readFile(path.join(dir, name), 'utf8')));
}

/** The cache entries in a folder, each checked whole: magic, checksum and payload (see src/engine/code-cache.ts). */
async function entries(cacheDir: string): Promise<Array<{ file: string; intact: boolean; mtimeMs: number }>> {
  const names = (await readdir(cacheDir)).filter((name) => !name.endsWith('.tmp'));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(cacheDir, name);
      const bytes = await readFile(file);
      const payload = bytes.subarray(40);
      const intact = bytes.subarray(0, 8).toString() === 'WDV8CC01' && createHash('sha256').update(payload).digest().equals(bytes.subarray(8, 40));
      return { file, intact, mtimeMs: (await stat(file)).mtimeMs };
    }),
  );
}

describe('compose with the engine code cache', () => {
  it('gives the same bytes cold, warm, after an item edit and with a damaged cache, which it rebuilds', async () => {
    const dir = await fixture(weekOf());
    const cacheDir = path.join(dir, 'user-cache');
    const env = { WATCH_DIGEST_CACHE_DIR: cacheDir };
    const compose = async (out: string) => {
      const run = await runCli(['compose', '--week', '2024-W10', '--out', out], dir, env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return artifacts(path.join(dir, out));
    };

    const cold = await compose('cold');
    const [created] = await entries(cacheDir);
    expect(created).toMatchObject({ intact: true });
    expect(await compose('warm')).toEqual(cold);
    const [afterWarm] = await entries(cacheDir);
    expect(afterWarm).toEqual(created); // a hit is not rewritten

    const bytes = await readFile(created!.file);
    bytes[bytes.length >> 1]! ^= 0xff;
    await writeFile(created!.file, bytes);
    expect(await compose('damaged')).toEqual(cold);
    const [rebuilt] = await entries(cacheDir);
    expect(rebuilt).toMatchObject({ file: created!.file, intact: true });

    await writeFile(path.join(dir, 'digests', 'state.md'), (await readFile(path.join(dir, 'digests', 'state.md'), 'utf8')) + '\nA late addition.\n');
    const edited = await compose('edited');
    expect(edited[0]).toContain('A late addition.');
    expect((await entries(cacheDir))[0]).toEqual(rebuilt); // an edit is still a hit: the cache holds code, not HTML
  }, 90_000);

  it('lets two composes race on an empty cache: both succeed with the same bytes and leave one whole entry', async () => {
    const dir = await fixture(weekOf());
    const env = { WATCH_DIGEST_CACHE_DIR: path.join(dir, 'user-cache') };
    const runs = await Promise.all(['a', 'b'].map((out) => runCli(['compose', '--week', '2024-W10', '--out', out, '--quiet'], dir, env)));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    expect(await artifacts(path.join(dir, 'a'))).toEqual(await artifacts(path.join(dir, 'b')));
    expect(await entries(env.WATCH_DIGEST_CACHE_DIR)).toEqual([expect.objectContaining({ intact: true })]);
    expect(await readdir(env.WATCH_DIGEST_CACHE_DIR)).toHaveLength(1);
  });

  it("caches in the user's cache folder by default, and nowhere when WATCH_DIGEST_CACHE_DIR is empty", async () => {
    const dir = await fixture(weekOf());
    const xdg = path.join(dir, 'xdg-cache');
    const byDefault = await runCli(['compose', '--week', '2024-W10', '--quiet'], dir, { XDG_CACHE_HOME: xdg, WATCH_DIGEST_CACHE_DIR: undefined });
    expect(byDefault.code).toBe(0);
    expect(await entries(path.join(xdg, 'watch-digest'))).toEqual([expect.objectContaining({ intact: true })]);

    // check runs the engine too; a project ready to go live, so that its preflight passes.
    const live = await fixture({ ...weekOf('2024-03-06', LIVE_DOMAIN), 'watch-digest.config.json': liveConfig(`https://${LIVE_DOMAIN}/unsubscribe?token={token}`) });
    const home = path.join(dir, 'home');
    const off = await runCli(['check', '--week', '2024-W10', '--quiet'], live, { WATCH_DIGEST_CACHE_DIR: '', XDG_CACHE_HOME: path.join(dir, 'unused'), HOME: home, UNSUBSCRIBE_SECRET: LIVE_SECRET });
    expect(off.stderr).not.toMatch(/error/);
    expect(off.code).toBe(0);
    await expect(stat(path.join(dir, 'unused'))).rejects.toThrow();
    await expect(stat(home)).rejects.toThrow();
    expect((await readdir(path.join(live, 'digests'))).includes('.cache')).toBe(false);
  });
});
