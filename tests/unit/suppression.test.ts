import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSuppressions, loadSuppressed, readSuppressions } from '../../src/send/suppression.js';
import { fixture } from '../helpers/fixture.js';

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
    expect(await readFile(file, 'utf8')).toBe('email,reason,date,detail\nold@example.com,,,\nolder@example.com,,,\ngone@example.com,bounced-hard,2024-03-09T10:00:00.000Z,5.1.1 user unknown\n');
  });

  it('keeps the other columns of an `email` CSV when adding the reason columns', async () => {
    const dir = await fixture({ 'unsubscribed.csv': 'Note,Email\nasked by phone,old@example.com\n' });
    const file = path.join(dir, 'unsubscribed.csv');
    await addSuppressions(file, 'x', [hard]);
    expect(await readFile(file, 'utf8')).toBe('email,reason,date,detail,note\nold@example.com,,,,asked by phone\ngone@example.com,bounced-hard,2024-03-09T10:00:00.000Z,5.1.1 user unknown,\n');
    // Appending to a file that already has the columns keeps its column order.
    await writeFile(file, 'detail,email,reason,date\n,a@example.com,unsubscribed,2024\n');
    await addSuppressions(file, 'x', [hard]);
    expect(await readFile(file, 'utf8')).toBe('detail,email,reason,date\n,a@example.com,unsubscribed,2024\n5.1.1 user unknown,gone@example.com,bounced-hard,2024-03-09T10:00:00.000Z\n');
  });

  it('treats a missing file as empty and names an unreadable one', async () => {
    const dir = await fixture({ 'folder.csv/x': '' });
    expect((await readSuppressions(path.join(dir, 'none.csv'), 'none.csv')).size).toBe(0);
    await expect(readSuppressions(path.join(dir, 'folder.csv'), 'folder.csv')).rejects.toThrow(/folder.csv: cannot read the suppression list \(EISDIR\)/);
  });
});
