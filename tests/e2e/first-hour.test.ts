// What a newcomer meets in the first hour (issue 28): each message names the cause and the fix.
// The CLI runs in this process (tests/helpers/cli.ts): the same program, messages and exit codes.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixture, weekOf } from '../helpers/fixture.js';

describe('outside a newsletter folder', () => {
  it('says where the config is expected, for every command that needs one', async () => {
    const dir = await fixture({ 'notes.txt': 'not a newsletter' });
    for (const args of [['compose', '--week', '2026-W50'], ['send', '--yes'], ['check'], ['status'], ['archive'], ['unsubscribe', 'ana@example.org']]) {
      const run = await cli(args, dir);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toContain('error: no watch-digest.config.json here: run it in your newsletter folder, or pass --config');
      expect(run.stderr).toContain('hint: To start a newsletter in this folder, run `watch-digest init`');
    }
  });

  it('names the nearest config above, and runs on the defaults in a folder with digests/', async () => {
    const root = await fixture({ 'watch-digest.config.json': '{"name": "Up There"}', ...weekOf('2024-03-06') });
    await mkdir(path.join(root, 'notes', 'drafts'), { recursive: true });
    const below = await cli(['compose', '--week', '2024-W10'], path.join(root, 'notes', 'drafts'));
    expect(below.stderr).toContain('hint: The nearest is ../../watch-digest.config.json: cd ../.., or pass --config ../../watch-digest.config.json.');
    const via = await cli(['compose', '--week', '2024-W10', '--config', '../../watch-digest.config.json'], path.join(root, 'notes', 'drafts'));
    expect(via.code, via.stderr).toBe(0);

    const bare = await fixture(weekOf('2024-03-06'));
    const composed = await cli(['compose', '--week', '2024-W10'], bare);
    expect(composed.code, composed.stderr).toBe(0);
  });

  it('lets scrape, which needs no newsletter, run anywhere', async () => {
    const dir = await fixture({});
    const run = await cli(['scrape', 'not-a-url'], dir);
    expect(run.stderr).not.toContain('watch-digest.config.json');
  });
});
