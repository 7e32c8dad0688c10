import { readFile } from 'node:fs/promises';
import { addSuppressions, type Suppression } from '../audience/suppression.js';
import { verifyToken } from '../audience/unsubscribe-token.js';
import { pullRequests, pullUrl } from '../endpoint/pull-client.js';
import { UserError } from '../shared/errors.js';
import { openForAppending } from '../shared/append-lines.js';
import { fileErrorReason, missingFolderError } from '../shared/output-dir.js';
import { describeSetting } from '../config/project.js';
import { openProject, type ProjectOptions } from './open-project.js';

export interface PullOptions extends ProjectOptions {
  url: string;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export interface PullResult {
  /** Requests the endpoint handed over. */
  received: number;
  /** Addresses newly added to the suppression file. */
  added: string[];
  /** Already suppressed (an earlier pull, the mailbox, by hand). */
  already: number;
  /** Tokens that did not verify with UNSUBSCRIBE_SECRET (a rotated secret): counted, never added. */
  invalid: number;
  suppressionFile: string;
  pullLog: string;
}

/**
 * `watch-digest unsubscribe --pull URL`: the one-click requests the endpoint recorded since the
 * last pull go into the suppression file, once each. Each token is verified again here, so the
 * endpoint's store (or whoever reaches it) cannot add an address by itself. The cursor is
 * appended to the pull log after the suppressions are written: an interrupted pull is repeated,
 * and adds nothing twice.
 */
export async function pullUnsubscribes(options: PullOptions): Promise<PullResult> {
  const project = await openProject(options);
  const url = pullUrl(options.url);
  const secret = options.env.UNSUBSCRIBE_SECRET;
  const pullSecret = options.env.UNSUBSCRIBE_PULL_SECRET;
  if (!pullSecret) throw new UserError('UNSUBSCRIBE_PULL_SECRET is not set, so the endpoint cannot be asked', { hint: 'Set it to the pull secret the endpoint was given (not UNSUBSCRIBE_SECRET).' });
  if (!secret) throw new UserError('UNSUBSCRIBE_SECRET is not set, so the pulled tokens cannot be verified', { hint: 'Set it to the secret send uses.' });
  const suppressionFile = project.resolve(project.config.suppressionFile);
  const logFile = project.resolve(project.config.unsubscribe.pullLog);
  const result: PullResult = { received: 0, added: [], already: 0, invalid: 0, suppressionFile: project.show(suppressionFile), pullLog: project.show(logFile) };
  const since = await lastCursor(logFile, project.show(logFile), url.origin);
  const cursor = await pullRequests(
    url,
    pullSecret,
    since,
    async (requests) => {
      const entries: Suppression[] = [];
      for (const request of requests) {
        const email = verifyToken(request.token, secret);
        if (email) entries.push({ email, reason: 'unsubscribed', date: request.at, detail: 'one-click unsubscribe endpoint' });
        else result.invalid++;
      }
      result.received += requests.length;
      const { added, already } = await addSuppressions(suppressionFile, project.show(suppressionFile), entries, { setting: describeSetting(project, 'suppressionFile') });
      result.added.push(...added.map((entry) => entry.email));
      result.already += already.length;
    },
    options.fetch,
  );
  const line = { at: project.now().toISOString(), endpoint: url.origin, cursor: cursor ?? null, received: result.received, added: result.added.length, invalid: result.invalid };
  try {
    const { handle, needsNewline } = await openForAppending(logFile);
    await handle.appendFile(`${needsNewline ? '\n' : ''}${JSON.stringify(line)}\n`).finally(() => handle.close());
  } catch (error) {
    const hint = 'The suppressions were saved; the next pull asks again from the previous point and adds nothing twice.';
    throw missingFolderError(error, project.show(logFile), describeSetting(project, 'unsubscribe.pullLog'), hint) ?? new UserError(`${project.show(logFile)}: cannot record the pull (${fileErrorReason(error)})`, { hint });
  }
  return result;
}

/** Where the last pull from this endpoint stopped, from the pull log (undefined: from the start). */
async function lastCursor(file: string, shown: string, origin: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`${shown}: cannot read the pull log (${fileErrorReason(error)})`);
  }
  for (const line of text.split('\n').reverse()) {
    try {
      const entry = JSON.parse(line) as { endpoint?: unknown; cursor?: unknown };
      if (entry.endpoint === origin) return typeof entry.cursor === 'string' ? entry.cursor : undefined;
    } catch {
      // a torn or foreign line: the one before it may still say where to go on
    }
  }
  return undefined;
}
