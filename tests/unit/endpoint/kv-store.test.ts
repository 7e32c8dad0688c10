import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kvStore, type KvNamespace } from '../../../src/endpoint/kv-store.js';

// Workers KV as workerd serves it (through Miniflare), used from Node through its binding.
let mf: Miniflare;
beforeAll(async () => {
  mf = new Miniflare({ modules: true, script: 'export default { fetch() { return new Response(null) } }', kvNamespaces: ['REQUESTS'], compatibilityDate: '2025-06-01' });
});
afterAll(async () => {
  await mf?.dispose();
});

const at = (minutes: number) => new Date(Date.UTC(2024, 2, 8, 23, 50) + minutes * 60_000);

describe('the Workers KV request store', () => {
  it('records each reader once, pages in order across days, and keeps the cursor behind what KV may not list yet', async () => {
    const kv = (await mf.getKVNamespace('REQUESTS')) as unknown as KvNamespace;
    let now = at(0);
    const store = kvStore(kv, () => now);
    for (const [minutes, key] of [[0, 'k1'], [5, 'k2'], [15, 'k3']] as const) {
      expect(await store.add(key, { token: `token-${key}`, at: at(minutes).toISOString() })).toBe(true);
    }
    expect(await store.add('k1', { token: 'token-k1-again', at: at(20).toISOString() })).toBe(false);

    now = at(20);
    const first = await store.list(undefined, 2);
    expect(first).toMatchObject({ requests: [{ token: 'token-k1' }, { token: 'token-k2' }], more: true });
    const second = await store.list(first.cursor, 2);
    expect(second.requests.map((r) => r.token)).toEqual(['token-k3']);
    expect(second.more).toBe(false);
    // k3 (the next day, 5 minutes ago) may not be listed everywhere yet: the next pull asks for it again.
    expect((await store.list(second.cursor, 10)).requests.map((r) => r.token)).toEqual(['token-k3']);

    now = at(60);
    const settled = await store.list(second.cursor, 10);
    expect(settled.requests.map((r) => r.token)).toEqual(['token-k3']);
    expect(await store.list(settled.cursor, 10)).toMatchObject({ requests: [], more: false });
  });
});
