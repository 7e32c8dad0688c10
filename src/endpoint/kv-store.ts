import type { RequestPage, RequestStore, StoredRequest } from './store.js';

/** The part of Cloudflare Workers KV the store uses (a `KVNamespace` binding). */
export interface KvNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { metadata?: unknown }): Promise<void>;
  list(options: { prefix: string; cursor?: string; limit?: number }): Promise<{ keys: Array<{ name: string; metadata?: unknown }>; list_complete: boolean; cursor?: string }>;
}

const REQUEST = 'request:';
const SEEN = 'seen:';
const DAY_MS = 86_400_000;
/** KV's listings may lag writes made elsewhere by up to a minute: never move the cursor past what is older than this. */
const SETTLE_MS = 10 * 60_000;
/** A cursor older than this is read by listing everything rather than day by day. */
const MAX_DAYS = 400;

/**
 * The requests in a Workers KV namespace. Each is stored once per reader (`seen:<key>`) and as
 * `request:<day>:<time>:<key>` with the token in the key's metadata, so a pull lists only the
 * days since its cursor and reads no values. KV is eventually consistent: the cursor handed out
 * stays ten minutes behind, and a request seen twice is harmless (the puller adds each once).
 */
export function kvStore(kv: KvNamespace, now: () => Date = () => new Date()): RequestStore {
  return {
    async add(key, request) {
      if (await kv.get(SEEN + key)) return false;
      const name = `${REQUEST}${request.at.slice(0, 10)}:${request.at}:${key}`;
      await kv.put(name, '', { metadata: request });
      await kv.put(SEEN + key, request.at);
      return true;
    },
    async list(cursor, limit) {
      const requests: StoredRequest[] = [];
      let last: string | undefined;
      for (const prefix of prefixesSince(cursor, now())) {
        for await (const { name, metadata } of listed(kv, prefix)) {
          if (cursor !== undefined && name <= cursor) continue;
          const request = asRequest(metadata);
          if (!request) continue;
          // A page ends exactly after its last request, so the next page goes on from there.
          if (requests.length === limit) return { requests, cursor: last, more: true };
          requests.push(request);
          last = name;
        }
      }
      // The cursor kept for the next pull stays behind anything KV may not list everywhere yet.
      const settled = new Date(now().getTime() - SETTLE_MS).toISOString();
      const boundary = `${REQUEST}${settled.slice(0, 10)}:${settled}`;
      const end = last ?? cursor;
      return { requests, cursor: end !== undefined && end > boundary ? boundary : end, more: false } satisfies RequestPage;
    },
  };
}

/** The listing prefixes to read: one per day from the cursor's to tomorrow's, or all requests. */
function prefixesSince(cursor: string | undefined, now: Date): string[] {
  const day = /^request:(\d{4}-\d{2}-\d{2}):/.exec(cursor ?? '')?.[1];
  const start = day ? Date.parse(`${day}T00:00:00Z`) : NaN;
  if (Number.isNaN(start) || (now.getTime() - start) / DAY_MS > MAX_DAYS) return [REQUEST];
  const prefixes: string[] = [];
  for (let time = start; time <= now.getTime() + DAY_MS; time += DAY_MS) prefixes.push(`${REQUEST}${new Date(time).toISOString().slice(0, 10)}:`);
  return prefixes;
}

async function* listed(kv: KvNamespace, prefix: string): AsyncGenerator<{ name: string; metadata?: unknown }> {
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, ...(cursor ? { cursor } : {}) });
    yield* page.keys;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}

function asRequest(metadata: unknown): StoredRequest | undefined {
  const value = metadata as Partial<StoredRequest> | undefined;
  return typeof value?.token === 'string' && typeof value.at === 'string' ? { token: value.token, at: value.at } : undefined;
}
