import type { MailboxAction } from '../commands/mailbox.js';
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

export async function mailboxCommand(flags: { dryRun?: boolean; config?: string }, output: Output): Promise<number> {
  const { processMailbox } = await import('../commands/mailbox.js');
  const report = await processMailbox({ cwd: process.cwd(), env: process.env, dryRun: Boolean(flags.dryRun), ...(flags.config ? { configFile: flags.config } : {}) });
  for (const item of report.untouched) if (item.warn) output.err(`warning: left in the mailbox: ${item.reason} ("${item.subject}")`);
  for (const note of report.notes) output.err(`warning: ${note}`);
  if (output.json) {
    output.out(JSON.stringify(report));
    return 0;
  }
  if (output.quiet) return 0;
  output.out(`${report.mailbox} ${report.folder}: ${report.examined} message(s) to read${report.dryRun ? ' (dry run: nothing is changed)' : ''}`);
  for (const action of report.actions) {
    const suppression =
      action.suppression === 'added' ? 'suppressed' : action.suppression === 'already' ? 'already suppressed' : action.repeat ? 'handled by an earlier run' : action.softInARow ? `${action.softInARow} in a row, not yet suppressed` : 'not suppressed';
    const what = [action.status, action.reason, action.week].filter(Boolean).join(', ');
    output.out(`  ${LABEL[action.kind].padEnd(16)} ${action.email}${what ? ` (${what})` : ''}: ${suppression}`);
  }
  const moved = report.actions.length;
  const where = report.processedTo === 'flagged' ? 'flagged as processed' : `moved to "${report.processedTo}"`;
  const verb = report.dryRun ? 'would be' : '';
  output.out(
    [
      `${report.suppressed.length} address(es) ${report.dryRun ? 'would be ' : ''}added to ${report.suppressionFile}`,
      `${moved} message(s) ${verb ? `${verb} ` : ''}${where}`,
      `${report.untouched.length + report.skippedLarge} left untouched (not ours, or not bounces, complaints or unsubscribe requests)`,
    ].join('; '),
  );
  if (report.upgraded) output.out(`${report.suppressionFile} now has reason, date and detail columns (every earlier address kept).`);
  return 0;
}
