import type { Output } from './output.js';

export async function statusCommand(flags: { week?: string | true; subscribers?: string; config?: string }, output: Output): Promise<number> {
  const { sendStatus } = await import('../commands/status.js');
  const status = await sendStatus({
    cwd: process.cwd(),
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(typeof flags.week === 'string' ? { week: flags.week } : {}),
    ...(flags.subscribers ? { subscribersFile: flags.subscribers } : {}),
  });
  const { feedback } = status;
  if (output.json) {
    output.out(JSON.stringify({ ...status, week: status.week.label }));
    return 0;
  }
  for (const problem of status.problems) output.err(`warning: ${problem}`);
  if (status.problemCount > status.problems.length) output.err(`warning: ${status.problemCount - status.problems.length} more ledger line(s) that are not records`);
  const unknown = status.unknown ? `, ${status.unknown} unknown` : '';
  output.out(`${status.week.label}: ${status.sent} sent, ${status.failed} failed permanently${unknown}, ${status.pending} pending${status.deferred ? ` (${status.deferred} deferred)` : ''}, ${status.suppressed} unsubscribed`);
  output.out(status.ledgers.length ? `Ledger: ${status.ledgers.join(', ')}` : 'No send has started for this week.');
  if (status.failures.length) {
    output.out('Failed:');
    for (const failure of status.failures) output.out(`  ${failure.email}: ${failure.response}`);
  }
  if (status.unknowns.length) {
    output.out('Unknown (the connection was lost after the message went out: the server may have accepted it):');
    for (const entry of status.unknowns) output.out(`  ${entry.email}: ${entry.response}`);
    output.out(`  \`watch-digest send --week ${status.week.label} --retry-unknown\` mails them again; without it they are skipped.`);
  }
  if (status.sent > 0) {
    const pct = (rate: number | null) => (rate === null ? '' : ` (${(rate * 100).toFixed(2)}%)`);
    const refused = feedback.refusals.reduce((sum, r) => sum + r.count, 0);
    output.out(`Returned (from \`watch-digest mailbox\`): ${feedback.hardBounced} hard bounce(s)${pct(feedback.hardBounceRate)}, ${feedback.softBounced} soft, ${refused ? `${refused} refused send(s), ` : ''}${feedback.complained} complaint(s)${pct(feedback.complaintRate)}`);
  }
  if (feedback.refusals.length) {
    output.out('Refused by the receiving side (counted against the send, never against the readers):');
    for (const refusal of feedback.refusals) output.out(`  ${refusal.summary} (${refusal.count})`);
  }
  for (const warning of feedback.warnings) output.err(`warning: ${warning}`);
  return 0;
}
