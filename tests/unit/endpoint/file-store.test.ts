import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileStore } from '../../../src/endpoint/file-store.js';
import { fixture } from '../../helpers/fixture.js';

describe('the append-only request file', () => {
  it('records each reader once across restarts, pages by byte offset, and starts a new line after a torn one', async () => {
    const file = path.join(await fixture({}), 'requests.jsonl');
    const store = await openFileStore(file);
    for (const key of ['k1', 'k2', 'k3']) expect(await store.add(key, { token: `t-${key}`, at: '2024-03-08T10:00:00.000Z' })).toBe(true);
    expect(await store.add('k2', { token: 't-k2-again', at: '2024-03-08T11:00:00.000Z' })).toBe(false);
    const first = await store.list(undefined, 2);
    expect(first).toMatchObject({ requests: [{ token: 't-k1' }, { token: 't-k2' }], more: true });
    expect(await store.list(first.cursor, 2)).toMatchObject({ requests: [{ token: 't-k3' }], more: false });
    await store.close();

    // A crash cut the last line short: the next record starts on a line of its own, and nobody recorded is forgotten.
    await appendFile(file, '{"key":"k4","tok');
    const reopened = await openFileStore(file);
    expect(await reopened.add('k1', { token: 't-k1', at: '2024-03-09T10:00:00.000Z' })).toBe(false);
    expect(await reopened.add('k5', { token: 't-k5', at: '2024-03-09T10:00:00.000Z' })).toBe(true);
    const all = await reopened.list(undefined, 100);
    expect(all.requests.map((r) => r.token)).toEqual(['t-k1', 't-k2', 't-k3', 't-k5']);
    expect(await reopened.list(all.cursor, 100)).toMatchObject({ requests: [], more: false });
    await reopened.close();
    expect((await readFile(file, 'utf8')).split('\n').at(-2)).toBe('{"key":"k5","token":"t-k5","at":"2024-03-09T10:00:00.000Z"}');
  });
});
