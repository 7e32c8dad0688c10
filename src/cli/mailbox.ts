import type { MailboxAction, MailboxReport } from '../commands/mailbox.js';
import { EXIT } from '../shared/errors.js';
import type { Output } from './output.js';

const LABEL: Record<MailboxAction['kind'], string> = {
  'bounced-hard': 'hard bounce',
  'bounced-soft': 'soft bounce',
  refused: 'refused send',
  delayed: 'delay notice',
  delivered: 'delivery receipt',
  complained: 'complaint',
  unsubscribed: 'unsubscribe',
  'not-spam': 'not-spam report',
};

export async function mailboxCommand(flags: { dryRun?: boolean; reread?: boolean; config?: string }, output: Output): Promise<number> {
  const { processMailbox } = await import('../commands/mailbox.js');
  const report = await processMailbox({
    cwd: process.cwd(),
    env: process.env,
    dryRun: Boolean(flags.dryRun),
    reread: Boolean(flags.reread),
    ...(flags.config ? { configFile: flags.config } : {}),
  });
  for (const item of report.untouched) if (item.warn) output.err(`warning: left in the mailbox: ${item.reason} ("${item.subject}")`);
  for (const note of report.notes) output.err(`warning: ${note}`);
  if (report.uidValidityChanged) output.err(`warning: ${report.mailbox} "${report.folder}" has a new UIDVALIDITY, so its messages were read again (none is counted twice)`);
  if (output.json) output.out(JSON.stringify(report));
  else if (!output.quiet) printReport(report, output);
  if (!report.unfinished) return EXIT.ok;
  // Work left undone is a failed job: CI must notice, and a re-run finishes it.
  const { faults, unread, notFinished } = report.unfinished;
  for (const fault of faults) output.err(`error: ${fault}`);
  const left = [unread && `${unread} message(s) not read`, notFinished && `${notFinished} handled message(s) not yet ${report.processedTo === 'flagged' ? 'marked' : `moved to "${report.processedTo}"`}`].filter(Boolean);
  if (left.length) output.err(`error: left for the next run: ${left.join(', ')}`);
  output.err('hint: Run `watch-digest mailbox` again: it finishes what is left, and the mailbox log keeps every message from counting twice.');
  return EXIT.failed;
}

function printReport(report: MailboxReport, output: Output): void {
  const seen = report.skippedSeen ? `, ${report.skippedSeen} skipped as already seen` : '';
  output.out(`${report.mailbox} ${report.folder}: ${report.examined} new message(s) read${seen}${report.dryRun ? ' (dry run: nothing is changed)' : ''}`);
  for (const action of report.actions) {
    const suppression =
      action.suppression === 'added' ? 'suppressed' : action.suppression === 'already' ? 'already suppressed' : action.repeat ? 'handled by an earlier run' : action.softInARow ? `${action.softInARow} in a row, not yet suppressed` : 'not suppressed';
    const what = [action.status, action.reason, action.week].filter(Boolean).join(', ');
    output.out(`  ${LABEL[action.kind].padEnd(16)} ${action.email}${what ? ` (${what})` : ''}: ${suppression}`);
  }
  const where = report.processedTo === 'flagged' ? 'flagged as processed' : `moved to "${report.processedTo}"`;
  const earlier = report.finishedEarlier ? ` (and ${report.finishedEarlier} handled by an earlier run)` : '';
  output.out(
    [
      `${report.suppressed.length} address(es) ${report.dryRun ? 'would be ' : ''}added to ${report.suppressionFile}`,
      `${report.actions.length} message(s) ${report.dryRun ? 'would be ' : ''}${where}${earlier}`,
      `${report.untouched.length} left untouched (not ours, or not bounces, complaints or unsubscribe requests)`,
    ].join('; '),
  );
  if (report.upgraded) output.out(`${report.suppressionFile} now has reason, date and detail columns (every earlier address kept).`);
}
