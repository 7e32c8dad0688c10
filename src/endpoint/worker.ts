import { unsubscribeEndpoint } from './handler.js';
import { kvStore, type KvNamespace } from './kv-store.js';

/**
 * The endpoint as a Cloudflare Worker: the same handler as `watch-digest unsubscribe-server`,
 * with its requests in the KV namespace bound as UNSUBSCRIBE_REQUESTS. Web APIs only (no
 * nodejs_compat). Deploy: docs/sending.md, "The unsubscribe endpoint"; `init` writes the wrangler.toml.
 */
export interface WorkerEnv {
  UNSUBSCRIBE_SECRET?: string;
  UNSUBSCRIBE_PULL_SECRET?: string;
  NEWSLETTER_NAME?: string;
  UNSUBSCRIBE_REQUESTS: KvNamespace;
}

let cached: { env: WorkerEnv; handle: (request: Request) => Promise<Response> } | undefined;

export default {
  fetch(request: Request, env: WorkerEnv): Promise<Response> {
    // One handler per isolate (its keys are derived once), rebuilt if the bindings change.
    if (cached?.env !== env) {
      cached = {
        env,
        handle: unsubscribeEndpoint({
          secret: env.UNSUBSCRIBE_SECRET,
          pullSecret: env.UNSUBSCRIBE_PULL_SECRET,
          newsletter: env.NEWSLETTER_NAME || 'this newsletter',
          store: kvStore(env.UNSUBSCRIBE_REQUESTS),
          log: (line) => console.log(line),
        }),
      };
    }
    return cached.handle(request);
  },
};
