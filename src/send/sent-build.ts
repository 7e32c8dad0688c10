import { UserError } from '../shared/errors.js';
import { readWeekLedgers, type LedgerView } from './ledger-view.js';

/**
 * Whether sending a week has begun, and with which build: `none` (nobody mailed yet), `this`
 * (the ledgers name this issue.html: the rest of the list gets it, whatever was edited since),
 * or `another` (the issue was recomposed after sending began).
 */
export function buildStatus(ledgers: Pick<LedgerView, 'builds'>, sha256: string): 'none' | 'this' | 'another' {
  if (ledgers.builds.has(sha256)) return 'this';
  return ledgers.builds.size === 0 ? 'none' : 'another';
}

/**
 * Refuses to replace the built issue in `dir` with a different one once its send has begun: the
 * ledger names the issue.html that went out, and the rest of the list must get the same issue
 * (a re-scraped page or an edited item would otherwise change it halfway, silently). An identical
 * build, a week nobody has been mailed yet, or `allowChanged` passes.
 */
export async function assertBuildReplaceable(dir: string, shownDir: string, week: string, newSha256: string, allowChanged = false): Promise<void> {
  if (allowChanged) return;
  const ledgers = await readWeekLedgers(dir, shownDir);
  if (buildStatus(ledgers, newSha256) !== 'another') return;
  const reached = ledgers.counts.sent + ledgers.counts.unknown;
  throw new UserError(`${shownDir}: sending ${week} has begun (${reached} subscriber(s) mailed, ${ledgers.files.join(', ')}), and this compose gives a different issue.html; the built issue was kept`, {
    hint: `To finish the send with the issue that went out, just run \`watch-digest send --week ${week}\` (no compose). To replace it anyway, compose with --allow-changed, then send with --allow-changed: the others get the new version.`,
  });
}

/**
 * Says when the week in `dir` has gone out to anyone, for a command filing a new item there: the
 * readers already mailed will not get it, and compose keeps the issue that went out. Undefined
 * when nobody was mailed.
 */
export async function sentWeekNote(dir: string, shownDir: string, week: string): Promise<string | undefined> {
  const ledgers = await readWeekLedgers(dir, shownDir);
  // As assertBuildReplaceable counts them: sent, or possibly sent (unknown).
  const reached = ledgers.counts.sent + ledgers.counts.unknown;
  if (reached === 0) return undefined;
  const when = ledgers.lastReached ? `, the last on ${ledgers.lastReached.slice(0, 10)}` : '';
  return `${week} has already gone out (${reached} subscriber(s) mailed${when}: ${ledgers.files.join(', ')}): new items will not reach those readers, and compose keeps the issue that went out`;
}
