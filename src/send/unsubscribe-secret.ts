import { UserError } from '../shared/errors.js';
import type { Transport } from './transport.js';

/** Used only for outbox runs, so the sample works on a fresh machine; real sends need UNSUBSCRIBE_SECRET. */
const SAMPLE_SECRET = 'watch-digest-sample-secret-not-for-real-sends';

/** UNSUBSCRIBE_SECRET, which signs every reader's unsubscribe link; a real send refuses to run without it. */
export function unsubscribeSecret(env: NodeJS.ProcessEnv, transport: Transport, warn?: (message: string) => void): string {
  if (env.UNSUBSCRIBE_SECRET) return env.UNSUBSCRIBE_SECRET;
  if (transport.kind === 'smtp') {
    throw new UserError('UNSUBSCRIBE_SECRET is not set: refusing a real send whose unsubscribe links could be forged', {
      hint: 'Set UNSUBSCRIBE_SECRET to a long random string (e.g. `openssl rand -hex 32`), kept in your CI secrets, and use the same one on your unsubscribe endpoint.',
    });
  }
  warn?.('UNSUBSCRIBE_SECRET is not set; the outbox messages use a sample secret (a real send will refuse to run without it)');
  return SAMPLE_SECRET;
}
