import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSuppressions, loadSuppressed, readSuppressions } from '../../../src/audience/suppression.js';
import { fixture } from '../../helpers/fixture.js';
import { thrown } from '../../helpers/thrown.js';

const hard = { email: 'gone@example.com', reason: 'bounced-hard', date: '2024-03-09T10:00:00.000Z', detail: '5.1.1 user unknown' };

describe('the suppression file', () => {
  it('creates a CSV with reasons and dates, and reads it back', async () => {
    const dir = await fixture({});
    const file = path.join(dir, 'unsubscribed.csv');
    const result = await addSuppressions(file, 'unsubscribed.csv', [hard, { email: 'Spam@Example.com', reason: 'complained', date: '2024-03-09T10:00:00.000Z', detail: 'abuse report, by "feedback", loop' }]);
    expect(result).toMatchObject({ upgraded: false, already: [] });
    expect(await readFile(file, 'utf8')).toBe(
      'email,reason,date,detail\ngone@example.com,bounced-hard,2024-03-09T10:00:00.000Z,5.1.1 user unknown\nSpam@Example.com,complained,2024-03-09T10:00:00.000Z,"abuse report, by ""feedback"", loop"\n',
    );
    const read = await readSuppressions(file, 'unsubscribed.csv');
    expect(read.get('spam@example.com')).toEqual({ email: 'Spam@Example.com', reason: 'complained', date: '2024-03-09T10:00:00.000Z', detail: 'abuse report, by "feedback", loop' });
    expect([...(await loadSuppressed(file, 'unsubscribed.csv'))].sort()).toEqual(['gone@example.com', 'spam@example.com']);
  });

  it('never repeats an address, whatever the reason or case', async () => {
    const dir = await fixture({ 'unsubscribed.csv': 'email,reason,date,detail\nGone@example.com,unsubscribed,2024-01-01,\n' });
    const file = path.join(dir, 'unsubscribed.csv');
    const before = await readFile(file, 'utf8');
    const result = await addSuppressions(file, 'unsubscribed.csv', [hard]);
    expect(result.added).toEqual([]);
    expect(result.already[0]).toMatchObject({ email: 'Gone@example.com', reason: 'unsubscribed' });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('reads a plain list of addresses, and keeps every one when adding reasons to it', async () => {
    const dir = await fixture({ 'unsubscribed.csv': 'old@example.com\r\n\r\nolder@example.com' });
    const file = path.join(dir, 'unsubscribed.csv');
    expect([...(await loadSuppressed(file, 'x'))]).toEqual(['old@example.com', 'older@example.com']);
    const result = await addSuppressions(file, 'x', [hard]);
    expect(result.upgraded).toBe(true);
    // A header first, in the file's own line endings; every earlier line exactly as it was.
    expect(await readFile(file, 'utf8')).toBe('email,reason,date,detail\r\nold@example.com\r\n\r\nolder@example.com\r\ngone@example.com,bounced-hard,2024-03-09T10:00:00.000Z,5.1.1 user unknown\r\n');
    expect((await readSuppressions(file, 'x')).get('gone@example.com')).toMatchObject({ reason: 'bounced-hard' });
    expect([...(await loadSuppressed(file, 'x'))]).toEqual(['old@example.com', 'older@example.com', 'gone@example.com']);
  });

  it('keeps the other columns of an `email` CSV when adding the reason columns', async () => {
    const dir = await fixture({ 'unsubscribed.csv': 'Note,Email\nasked by phone,old@example.com\n' });
    const file = path.join(dir, 'unsubscribed.csv');
    await addSuppressions(file, 'x', [hard]);
    expect(await readFile(file, 'utf8')).toBe('Note,Email,reason,date,detail\nasked by phone,old@example.com\n,gone@example.com,bounced-hard,2024-03-09T10:00:00.000Z,5.1.1 user unknown\n');
    // Appending to a file that already has the columns keeps its column order.
    await writeFile(file, 'detail,email,reason,date\n,a@example.com,unsubscribed,2024\n');
    await addSuppressions(file, 'x', [hard]);
    expect(await readFile(file, 'utf8')).toBe('detail,email,reason,date\n,a@example.com,unsubscribed,2024\n5.1.1 user unknown,gone@example.com,bounced-hard,2024-03-09T10:00:00.000Z\n');
  });

  it('upgrades by adding the columns at the end of the header: every earlier line stays byte for byte, every column where it was', async () => {
    // The header is extended, never reordered: a copy of the old file (another clone, what the
    // weekly workflow merges with) still has `email` where the first line says.
    const old = 'name,email\nAda Lovelace,ada@example.com\n"Byron, G.",byron@example.com\n';
    const dir = await fixture({ 'names.csv': old, 'only.csv': 'Email\nada@example.com' });
    const names = path.join(dir, 'names.csv');
    expect((await addSuppressions(names, 'names.csv', [hard])).upgraded).toBe(true);
    const text = await readFile(names, 'utf8');
    expect(text).toBe('name,email,reason,date,detail\nAda Lovelace,ada@example.com\n"Byron, G.",byron@example.com\n,gone@example.com,bounced-hard,2024-03-09T10:00:00.000Z,5.1.1 user unknown\n');
    expect(text.split('\n').slice(1, 3)).toEqual(old.split('\n').slice(1, 3));
    const read = await readSuppressions(names, 'names.csv');
    expect([...read.keys()]).toEqual(['ada@example.com', 'byron@example.com', 'gone@example.com']);
    expect(read.get('gone@example.com')).toEqual(hard);
    // Later additions are appended in the same columns.
    await addSuppressions(names, 'names.csv', [{ email: 'more@example.com', reason: 'unsubscribed', date: '2024-03-10', detail: 'by hand' }]);
    expect(await readFile(names, 'utf8')).toBe(`${text},more@example.com,unsubscribed,2024-03-10,by hand\n`);

    const only = path.join(dir, 'only.csv');
    await addSuppressions(only, 'only.csv', [hard]);
    expect(await readFile(only, 'utf8')).toBe('Email,reason,date,detail\nada@example.com\ngone@example.com,bounced-hard,2024-03-09T10:00:00.000Z,5.1.1 user unknown\n');
  });

  it('treats a missing file as empty and names an unreadable one', async () => {
    const dir = await fixture({ 'folder.csv/x': '' });
    expect((await readSuppressions(path.join(dir, 'none.csv'), 'none.csv')).size).toBe(0);
    await expect(readSuppressions(path.join(dir, 'folder.csv'), 'folder.csv')).rejects.toThrow(/folder.csv: cannot read the suppression list \(EISDIR: it is a folder, not a file\)/);
  });
});

describe('addSuppressions into a folder that does not exist', () => {
  it('names the folder and the setting, not ENOENT and disk space', async () => {
    const dir = await fixture({});
    const error = await thrown(() => addSuppressions(path.join(dir, 'data', 'unsub.csv'), 'data/unsub.csv', [hard], { setting: 'suppressionFile in watch-digest.config.json' }));
    expect(error.message).toBe('data/unsub.csv: the folder data/ does not exist: create it, or correct suppressionFile in watch-digest.config.json');
    expect(error.hint).not.toContain('space');
  });
});
