// What the endpoint and `watch-digest unsubscribe --pull` agree on.
import type { StoredRequest } from './store.js';

/** The pull address's path: GET with `Authorization: Bearer <UNSUBSCRIBE_PULL_SECRET>`. */
export const PULL_PATH = '/requests';
/** Requests per page the endpoint answers with; the puller follows `more`. */
export const PULL_PAGE_SIZE = 500;
/** Both secrets must be at least this long (bytes): guessing one must be out of reach. */
export const MIN_SECRET_BYTES = 32;

/** The JSON body of a pull: `after` echoes the cursor asked from. */
export interface PullResponse {
  requests: StoredRequest[];
  cursor: string | null;
  more: boolean;
}

/** Why a secret cannot be used, or undefined when it can. */
export function secretProblem(name: string, value: string | undefined): string | undefined {
  if (!value) return `${name} is not set`;
  const bytes = new TextEncoder().encode(value).length;
  if (bytes < MIN_SECRET_BYTES) return `${name} is ${bytes} bytes long; it must be at least ${MIN_SECRET_BYTES} (e.g. \`openssl rand -hex 32\`)`;
  return undefined;
}
