import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderInbox } from '../../src/gather/inbox.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { CLI, cleanEnv, fixture } from '../helpers/fixture.js';

const WEEK = { label: '2024-W10', start: '2024-03-04', end: '2024-03-10', publishDate: '2024-03-08' };
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * Runs the CLI on a real pseudo-terminal (util-linux `script`), typing each key once the
 * screen shows the text it answers: what a person at the keyboard does.
 */
function runOnTerminal(args: string[], cwd: string, keys: Array<[waitFor: string, key: string]>): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, CLI, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  // A new pseudo-terminal has no size, and prompts wrap at its width: give it one.
  const child = spawn('script', ['-qfec', `stty cols 120 rows 50 && ${command}`, '/dev/null'], { cwd, env: cleanEnv({ TERM: 'xterm' }) });
  let screen = '';
  let step = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8').replace(ANSI, '');
    while (step < keys.length && screen.split(keys[step]![0]).length - 1 >= countBefore(keys, step)) child.stdin.write(keys[step++]![1]);
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, screen })));
}

/** A prompt's text may repeat (answered prompts stay on screen): wait for its n-th showing. */
function countBefore(keys: Array<[string, string]>, step: number): number {
  return keys.slice(0, step + 1).filter(([text]) => text === keys[step]![0]).length;
}

function inbox(server: FeedServer): string {
  const at = (day: string) => Date.parse(`${day}T12:00:00Z`);
  return renderInbox(
    WEEK,
    [
      { kind: 'state-dept', title: 'State Department note (draft)', day: '2024-03-08', instant: at('2024-03-08'), summary: '', draft: 'The State Department did not hold a press briefing this week.', links: [{ outlet: 'State Department', url: `${server.base}/department-press-briefings/` }] },
      { kind: 'news', title: 'Parliamentarians agree to keep talking', day: '2024-03-07', instant: at('2024-03-07'), summary: 'A promise to meet again.', links: [{ outlet: 'Example Daily', url: `${server.base}/daily/parliamentarians` }] },
      { kind: 'news', title: 'Envoys meet for first direct talks in months', day: '2024-03-05', instant: at('2024-03-05'), summary: 'Same room.', links: [{ outlet: 'Example Wire', url: `${server.base}/wire/envoys-meet` }] },
      { kind: 'related', title: 'Reading the new arms-control proposal', day: '2024-03-04', instant: at('2024-03-04'), summary: 'Verification.', links: [{ outlet: 'Example Institute', url: `${server.base}/institute/arms-control` }] },
    ],
    [],
  );
}

describe('watch-digest pick on a terminal', () => {
  it('goes through the candidates one key at a time and writes what was picked', async () => {
    const server = await startFeedServer();
    const dir = await fixture({ [`digests/${WEEK.label}/inbox.md`]: inbox(server) });
    const run = await runOnTerminal(['pick', '--week', WEEK.label], dir, [
      ['1: take it as', 'w'],
      ['2: take it as', 'l'],
      ['3: take it as', 's'],
      ['4: take it as', 'q'],
    ]);
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain('4 of 4 candidates not used yet');
    expect(run.screen).toContain('Wrote 2 items for 2024-W10.');
    const files = (await readdir(path.join(dir, 'digests', WEEK.label))).sort();
    expect(files).toEqual(['inbox.md', 'lead-parliamentarians-agree-to-keep-talking.md', 'state-dept.md']);
    expect(await readFile(path.join(dir, 'digests', WEEK.label, 'state-dept.md'), 'utf8')).toBe(
      '---\nkind: state-dept\ndate: 2024-03-08\n---\nThe State Department did not hold a press briefing this week.\n',
    );
  });

  it('writes nothing when interrupted with Ctrl-C', async () => {
    const server = await startFeedServer();
    const dir = await fixture({ [`digests/${WEEK.label}/inbox.md`]: inbox(server) });
    const run = await runOnTerminal(['pick', '--week', WEEK.label], dir, [
      ['1: take it as', 'w'],
      ['2: take it as', '\x03'],
    ]);
    expect(run.code).toBe(1);
    expect(run.screen).toContain('Nothing was written.');
    expect(await readdir(path.join(dir, 'digests', WEEK.label))).toEqual(['inbox.md']);
  });
});
