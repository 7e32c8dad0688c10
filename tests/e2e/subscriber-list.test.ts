import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixture } from '../helpers/fixture.js';
import { LIVE_DOMAIN } from '../helpers/live-project.js';
import { composedProject, SECRET, WEEK } from '../helpers/send-project.js';

// What a new user's trial found: lists and files send, check and unsubscribe read without a word.
const CONFIG = {
  name: 'Diplomacy Watch',
  from: { name: 'Diplomacy Watch', address: `news@${LIVE_DOMAIN}` },
  postalAddress: '1 Example Way',
  greeting: { withName: 'Hi {first} ({name}) from {city},', withoutName: 'Dear reader,' },
  unsubscribe: { url: `https://${LIVE_DOMAIN}/u?t={token}` },
};
const ENV = { UNSUBSCRIBE_SECRET: SECRET };
const NO_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

async function project(list: string | Buffer): Promise<string> {
  const dir = await composedProject({ 'watch-digest.config.json': JSON.stringify(CONFIG) });
  await writeFile(path.join(dir, 'subscribers.csv'), list);
  return dir;
}

describe('the subscriber list, as send and check read it', () => {
  it('refuses a greeting {column} the list lacks, in send, its dry run and check, before anyone is mailed', async () => {
    const dir = await project('email,name,first\nbob@example.org,Bob Tan,Bob\n');
    const expected = 'subscribers.csv: greeting.withName in watch-digest.config.json uses {city}, but the list has no such column (its columns: email, name, first)';
    const dry = await cli(['send', '--week', WEEK, '--dry-run', '--yes'], dir, ENV);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain(`error: ${expected}`);
    const real = await cli(['send', '--week', WEEK, '--yes'], dir, ENV);
    expect(real.code).toBe(1);
    expect(real.stderr).toContain(expected);
    expect(existsSync(path.join(dir, 'digests', WEEK, 'outbox'))).toBe(false);
    const check = await cli(['check', '--week', WEEK], dir, ENV);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('error   subscribers: greeting.withName in watch-digest.config.json uses {city}, but the list has no such column (its columns: email, name, first)');
  });

  it('fills every column a greeting names, and greets a row missing one without a name', async () => {
    const dir = await project('email,name,first,city\nbob@example.org,Bob Tan,Bob,Oslo\ncy@example.org,Cy Lee,Cy,\n');
    const sent = await cli(['send', '--week', WEEK, '--yes'], dir, ENV);
    expect(sent.code, sent.stderr).toBe(0);
    const outbox = path.join(dir, 'digests', WEEK, 'outbox');
    const messages = await Promise.all((await readdir(outbox)).map((name) => readFile(path.join(outbox, name), 'utf8')));
    const bob = messages.find((m) => m.includes('To: "Bob Tan"'))!;
    expect(bob).toContain('Hi Bob (Bob Tan) from Oslo,');
    expect(messages.find((m) => m.includes('To: "Cy Lee"'))).toContain('Dear reader,');
    expect(messages.join('')).not.toMatch(/\{(first|name|city)\}/);
  });

  it('refuses a list saved as Latin-1, naming the line, instead of mailing "Zo\uFFFD M\uFFFDller"', async () => {
    const dir = await project(Buffer.from('email,name,first,city\nzoe@example.org,Zoë Müller,Zoë,Köln\n', 'latin1'));
    const dry = await cli(['send', '--week', WEEK, '--dry-run', '--yes'], dir, ENV);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('error: subscribers.csv: not UTF-8 text (line 2 has bytes in another encoding, such as Latin-1 or Windows-1252)');
    expect(dry.stderr).toContain('hint: Save the file as UTF-8');
    expect(dry.stdout).not.toContain('would send');
    const check = await cli(['check', '--week', WEEK], dir, ENV);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('error   subscribers: not UTF-8 text (line 2 has bytes in another encoding');
  });

  it('stops on a name with an unquoted comma instead of dropping the reader as an invalid address', async () => {
    const dir = await project('name,email,first,city\nSorel, Ana,ana@example.org,Ana,Oslo\nBo,bo@example.org,Bo,Oslo\n');
    const dry = await cli(['send', '--week', WEEK, '--dry-run', '--yes'], dir, ENV);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('error: subscribers.csv:2: this row has 5 fields but the header has 4: quote a name that contains a comma ("Sorel, Ana")');
    expect(dry.stderr).not.toContain('not a valid email address');
  });

  it('prints no control characters or binary junk from a binary file passed as the list', async () => {
    const dir = await project('email,name,first,city\n');
    const binary = Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x1b, 0x5d, 0x30, 0x3b, 0x07, 0x0a, 0x01, 0x02]);
    await writeFile(path.join(dir, 'junk.bin'), binary);
    await writeFile(path.join(dir, 'junk.txt'), '\u001b[2J\u001b]0;pwned\u0007name|x\u0001\u0002\nnothing\n');
    for (const file of ['junk.bin', 'junk.txt']) {
      const run = await cli(['send', '--week', WEEK, '--dry-run', '--yes', '--subscribers', file], dir, ENV);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: ${file}`);
      expect(run.stderr.replace(/\n/g, '')).not.toMatch(NO_CONTROLS);
    }
  });
});

describe('files watch-digest appends to, in a folder that does not exist', () => {
  it('unsubscribe names the folder and the setting', async () => {
    const dir = await fixture({ 'watch-digest.config.json': JSON.stringify({ suppressionFile: 'data/unsub.csv' }) });
    const run = await cli(['unsubscribe', 'zed@example.org'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: data/unsub.csv: the folder data/ does not exist: create it, or correct suppressionFile in watch-digest.config.json');
    expect(run.stderr).not.toContain('ENOENT');
    expect(run.stderr).not.toContain('space');
  });
});
