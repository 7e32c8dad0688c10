import { installedDocPage } from '../shared/doc-page.js';

/** Where init puts the deploy files of the unsubscribe endpoint, relative to the newsletter. */
export const ENDPOINT_DIR = 'unsubscribe-endpoint';

/**
 * The endpoint's Cloudflare Workers deploy file: the Worker that watch-digest ships (the same
 * handler as `watch-digest unsubscribe-server`), its KV namespace and the newsletter's name.
 * Secrets are never written here: `wrangler secret put` keeps them on Cloudflare.
 */
export function endpointDeployFiles(name: string, slug: string): Record<string, string> {
  const toml = `# The one-click unsubscribe endpoint on Cloudflare Workers: the Worker that watch-digest ships.
# Step by step (${installedDocPage('sending.md')}, "The unsubscribe endpoint"), from the newsletter's folder after
# \`npm install\` (wrangler needs Node 22 or newer):
#   1. npx wrangler login
#   2. npx wrangler kv namespace create UNSUBSCRIBE_REQUESTS -c ${ENDPOINT_DIR}/wrangler.toml
#      and put the id it prints below, in place of REPLACE_WITH_THE_KV_NAMESPACE_ID
#   3. npx wrangler secret put UNSUBSCRIBE_SECRET -c ${ENDPOINT_DIR}/wrangler.toml       (the same as the repository's)
#      npx wrangler secret put UNSUBSCRIBE_PULL_SECRET -c ${ENDPOINT_DIR}/wrangler.toml  (another one, for the pull)
#   4. npx wrangler deploy -c ${ENDPOINT_DIR}/wrangler.toml
#   5. set unsubscribe.url to https://<the address it prints>/unsubscribe?token={token}, and the
#      repository variable UNSUBSCRIBE_PULL_URL to https://<the address it prints>/requests
name = ${JSON.stringify(`${slug}-unsubscribe`.slice(0, 63))}
main = "../node_modules/watch-digest/dist/endpoint/worker.js"
compatibility_date = "2025-06-01"
workers_dev = true

[vars]
NEWSLETTER_NAME = ${JSON.stringify(name)}

[[kv_namespaces]]
binding = "UNSUBSCRIBE_REQUESTS"
id = "REPLACE_WITH_THE_KV_NAMESPACE_ID"
`;
  return { [`${ENDPOINT_DIR}/wrangler.toml`]: toml };
}
