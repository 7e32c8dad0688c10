import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/shared/errors.js';
import { parseShard } from '../../../src/send/shard.js';
import { readSubscribers, type Subscriber } from '../../../src/audience/subscribers.js';
import { fixture } from '../../helpers/fixture.js';
import { thrown } from '../../helpers/thrown.js';

async function read(csv: string, options: Parameters<typeof readSubscribers>[2] = {}): Promise<Subscriber[]> {
  const dir = await fixture({ 'subscribers.csv': csv });
  const out: Subscriber[] = [];
  for await (const s of readSubscribers(path.join(dir, 'subscribers.csv'), 'subscribers.csv', options)) out.push(s);
  return out;
}

describe('readSubscribers', () => {
  it('reports a CSV error on the line where it is, not line 1', async () => {
    await expect(read('email,name\n"unclosed@example.com,A\n')).rejects.toThrow(/^subscribers.csv:2: a quote \("\) opens a field in this row and is never closed/);
    await expect(read('email\na@example.com\nb@example.com\n"c@example.com"x\n')).rejects.toThrow(/^subscribers.csv:4: cannot read/);
  });

  it('names the row where an unclosed quote opens, not the end of the file', async () => {
    const rows = 'email,name\nana@example.org,Ana\nbo@example.org,"Bo\ncy@example.org,Cy\ndi@example.org,Di\n';
    const error = await thrown(() => read(rows));
    expect(error.message).toBe('subscribers.csv:3: a quote (") opens a field in this row and is never closed, so the rest of the file reads as that one field');
    expect(error.hint).toContain('double a quote that is part of the text');
    expect((await thrown(() => read(rows.replace('Ana\n', 'Ana\n\n\n')))).message).toMatch(/^subscribers.csv:5: a quote/);
    expect((await thrown(() => read('\nemail,name\n"Bo\n'))).message).toMatch(/^subscribers.csv:3: a quote/);
    expect((await thrown(() => read(rows, { strict: true }))).message).toMatch(/^subscribers.csv:3: a quote/);
  });

  it('reads a list exported with semicolons or tabs, as spreadsheets in many locales write it', async () => {
    const semicolons = await read('Email;Name\nana@example.org;Lee, Ana\n"bo@example.org";"Bo; the second"\n');
    expect(semicolons.map((s) => [s.email, s.name])).toEqual([['ana@example.org', 'Lee, Ana'], ['bo@example.org', 'Bo; the second']]);
    expect((await read('email\tname\nana@example.org\tAna\n')).map((s) => s.name)).toEqual(['Ana']);
    // A comma in the header decides for commas, whatever the rows hold.
    expect((await read('email,name\nana@example.org,Ana; Lee\n')).map((s) => s.name)).toEqual(['Ana; Lee']);
  });

  it('finds the email column after blank lines, and refuses a header without one, naming the columns it found', async () => {
    expect((await read('\n\nEmail,Name\na@example.com,A\n')).map((s) => [s.email, s.line])).toEqual([['a@example.com', 4]]);
    await expect(read('name\nAda\n')).rejects.toThrow('subscribers.csv: no "email" column in the header row; found "name"');
    await expect(read('Email|Name\na@example.org|A\n')).rejects.toThrow('found "Email|Name" (one column: is the file separated by "|"? Use commas, semicolons or tabs)');
  });

  it('yields nobody from an empty or header-only file (send refuses those)', async () => {
    expect(await read('')).toEqual([]);
    expect(await read('email,name\n')).toEqual([]);
  });

  it('refuses a file that is not a CSV of rows at once, e.g. /dev/zero', async () => {
    const rows: Subscriber[] = [];
    const reading = (async () => {
      for await (const s of readSubscribers('/dev/zero', '/dev/zero')) rows.push(s);
    })();
    await expect(reading).rejects.toThrow('/dev/zero:1: a row longer than 64 KB: this is not a subscriber CSV');
  });

  it('stops when its signal fires', async () => {
    const controller = new AbortController();
    const csv = 'email\n' + Array.from({ length: 5000 }, (_, i) => `r${i}@example.com`).join('\n') + '\n';
    const dir = await fixture({ 'subscribers.csv': csv });
    let seen = 0;
    const reading = (async () => {
      for await (const _ of readSubscribers(path.join(dir, 'subscribers.csv'), 'subscribers.csv', { signal: controller.signal })) {
        if (++seen === 10) controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBe(10);
  });

  it('yields an address once whatever its case, telling the line of the repeat', async () => {
    const problems: string[] = [];
    const out = await read('email\nA@example.com\na@EXAMPLE.com\nb@example.com\n', { onProblem: (p) => problems.push(`${p.line}: ${p.message}`) });
    expect(out.map((s) => s.key)).toEqual(['a@example.com', 'b@example.com']);
    expect(problems).toEqual(['3: a@EXAMPLE.com is listed again; sending once']);
  });
});

describe('parseShard', () => {
  it('accepts I/N up to 1000 parts and refuses a count that would select nobody', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1000/1000')).toEqual({ index: 1000, count: 1000 });
    for (const bad of ['1/99999999999999999999', '1/1001', '0/3', '4/3', '1/0', 'x', '1/2/3']) expect(() => parseShard(bad)).toThrow(UsageError);
  });
});
