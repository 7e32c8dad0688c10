import { writeFile } from 'node:fs/promises';
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
    await expect(reading).rejects.toThrow('/dev/zero: not UTF-8 text (line 1 has a NUL byte: this is a binary file, or text saved as UTF-16)');
    await expect(read(`email,name\na@example.org,${'x'.repeat(70_000)}\n`)).rejects.toThrow('subscribers.csv:2: a row longer than 64 KB: this is not a subscriber CSV');
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

  it('refuses a list that is not UTF-8, naming the line, instead of mailing "Zo\uFFFD"; a BOM is fine', async () => {
    const latin1 = Buffer.concat([Buffer.from('email,name\nana@example.org,Ana\n'), Buffer.from('zoe@example.org,Zoë Müller\n', 'latin1')]);
    const error = await thrown(() => readBytes(latin1));
    expect(error.message).toBe('subscribers.csv: not UTF-8 text (line 3 has bytes in another encoding, such as Latin-1 or Windows-1252)');
    expect(error.hint).toContain('Save the file as UTF-8');
    expect(error.hint).toContain('iconv -f windows-1252 -t utf-8 subscribers.csv > converted.csv');
    const withBom = await readBytes(Buffer.from('\uFEFFemail,name\nzoe@example.org,Zoë Müller\n'));
    expect(withBom.map((s) => s.name)).toEqual(['Zoë Müller']);
  });

  it('reads UTF-8 letters cut by the end of a read chunk, and finds bad bytes far into a long list', async () => {
    // Read in 64 KiB chunks: with rows mostly of "ë" (2 bytes) and "€" (3 bytes), some straddle a chunk's end.
    const rows = Array.from({ length: 20_000 }, (_, i) => `r${String(i).padStart(5, '0')}@example.org,Zoë ${(i % 2 ? '€' : 'ë').repeat(8)}\n`);
    const bytes = Buffer.from(`email,name\n${rows.join('')}`);
    const cut = [...Array(13).keys()].filter((k) => (bytes[k * 65536]! & 0xc0) === 0x80);
    expect(cut.length).toBeGreaterThan(0);
    const out = await readBytes(bytes);
    expect(out).toHaveLength(20_000);
    expect(out.every((s) => !s.name.includes('\uFFFD'))).toBe(true);
    const bad = Buffer.concat([Buffer.from(`email,name\n${rows.join('')}`), Buffer.from('late@example.org,Zoë\n', 'latin1')]);
    expect((await thrown(() => readBytes(bad))).message).toMatch(/^subscribers.csv: not UTF-8 text \(line 20002 has/);
  });

  it('refuses a row with more fields than the header (an unquoted comma), showing the field to quote', async () => {
    const error = await thrown(() => read('name,email\nSorel, Ana,ana@example.org\nBo,bo@example.org\n'));
    expect(error.message).toBe('subscribers.csv:2: this row has 3 fields but the header has 2: quote a name that contains a comma ("Sorel, Ana")');
    expect((await thrown(() => read('email;name\nana@example.org;Sorel; Ana\n'))).message).toBe(
      'subscribers.csv:2: this row has 3 fields but the header has 2: quote a name that contains a semicolon ("Sorel; Ana")',
    );
    // Not only when strict, nor only for the name: the address column cannot be trusted in such a row.
    expect((await thrown(() => read('email,city\nana@example.org,Paris, France\n', { strict: true }))).message).toMatch(/^subscribers.csv:2: .* quote a "city" field that contains a comma \("Paris, France"\)$/);
    // With the address before both, which column holds the comma cannot be told.
    expect((await thrown(() => read('email,name,city\nana@example.org,Ana,Paris, France\n'))).message).toBe(
      'subscribers.csv:2: this row has 4 fields but the header has 3: quote a field that contains a comma',
    );
  });

  it('reads a row with fewer fields than the header, or with empty extra ones, as it is', async () => {
    const out = await read('email,name,city\nana@example.org\nbo@example.org,Bo,Oslo,,\n');
    expect(out.map((s) => s.fields)).toEqual([
      { email: 'ana@example.org', name: '', city: '' },
      { email: 'bo@example.org', name: 'Bo', city: 'Oslo' },
    ]);
  });

  it('quotes nothing of a binary or junk file but a short, escaped excerpt', async () => {
    const junk = Buffer.from('\u001b]0;owned\u0007col\u001b[31m,' + 'z'.repeat(300) + '\nx\n');
    const error = await thrown(() => readBytes(junk));
    expect(error.message).toMatch(/^subscribers.csv: no "email" column in the header row; found "\\x1b\]0;owned\\x07col\\x1b\[31m", "z{30}…"$/);
    const bad = await thrown(() => read('email\n"a@example.org"\u001b[2Jx\n'));
    expect(bad.message).not.toMatch(/[\u0000-\u001f]/);
    const problems: string[] = [];
    await read(`email\n\u001b[2J${'y'.repeat(200)}\nok@example.org\n`, { onProblem: (p) => problems.push(p.message) });
    expect(problems).toEqual([`"\\x1b[2J${'y'.repeat(36)}…" is not a valid email address`]);
  });

  it('shows its columns to onHeader, which may refuse them before any row is read', async () => {
    const seen: string[][] = [];
    await read(' Email ,First Name\na@example.org,A\n', { onHeader: (columns) => seen.push(columns) });
    expect(seen).toEqual([['email', 'first name']]);
  });
});

async function readBytes(bytes: Buffer): Promise<Subscriber[]> {
  const dir = await fixture({});
  await writeFile(path.join(dir, 'subscribers.csv'), bytes);
  const out: Subscriber[] = [];
  for await (const s of readSubscribers(path.join(dir, 'subscribers.csv'), 'subscribers.csv')) out.push(s);
  return out;
}
