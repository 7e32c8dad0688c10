/*
 * Where the endpoint keeps the requests it accepted until the newsletter's repository pulls them
 * (`watch-digest unsubscribe --pull`). Two implementations: an append-only file (file-store.ts,
 * for `watch-digest unsubscribe-server`) and Cloudflare Workers KV (kv-store.ts).
 *
 * A request is kept as the reader's token, not their address: whoever reads the store learns no
 * address, and the puller verifies each token again with UNSUBSCRIBE_SECRET.
 */

export interface StoredRequest {
  /** The token of the link the reader used (verified before it was stored). */
  token: string;
  /** When the endpoint accepted it (ISO 8601). */
  at: string;
}

export interface RequestPage {
  requests: StoredRequest[];
  /** Where to ask from next time; opaque to the puller. */
  cursor: string | undefined;
  /** More requests wait after this page. */
  more: boolean;
}

export interface RequestStore {
  /** Records a request once per reader (`key`, a keyed hash of the address): true when it is new. */
  add(key: string, request: StoredRequest): Promise<boolean>;
  /** Requests recorded after `cursor` (all of them without one), oldest first, at most `limit`. */
  list(cursor: string | undefined, limit: number): Promise<RequestPage>;
}
