import { UserError } from '../shared/errors.js';
import { loadDkimSigner } from '../send/dkim.js';
import type { Finding } from './finding.js';

/** The DKIM settings `send` would use: a key that cannot sign is an error here too, before the Friday run. */
export async function dkimKeyFindings(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  // DKIM_SELECTOR alone is how `check --dns` is told which key to look up when the provider signs.
  if (!env.DKIM_PRIVATE_KEY) return [];
  try {
    await loadDkimSigner(env);
    return [];
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [{ level: 'error', rule: 'dkim-key', message: error.hint ? `${error.message}. ${error.hint}` : error.message, where: 'DKIM_* environment' }];
  }
}
