import type { SendPlan, SendSummary } from '../commands/send.js';
import type { Output } from './output.js';

export function report(summary: SendSummary, output: Output, dryRun: boolean): number {
  const { plan } = summary;
  const complete =
    !summary.stopped && !summary.cancelled && summary.failed === 0 && summary.deferred === 0 && summary.unknown === 0 && plan.failedBefore === 0 && plan.unknownBefore === 0;
  // A dry run that ran did its job, whatever earlier runs left undelivered (the text says so).
  const exitCode = dryRun || complete ? 0 : 1;
  if (output.json) {
    output.out(JSON.stringify(jsonSummary(summary, dryRun)));
    return exitCode;
  }
  if (summary.test) {
    output.out(testCopyLine(summary.test, plan));
    return 0;
  }
  if (summary.cancelled) {
    output.err('Cancelled: nothing was sent.');
    return 1;
  }
  if (dryRun) {
    // A dry run wrote and sent nothing: say what a real run would do, not what it did.
    if (!output.quiet) output.out(dryRunLine(plan));
    return exitCode;
  }
  if (!output.quiet) {
    const skipped = skippedReasons(plan);
    const verb = plan.kind === 'outbox' ? 'written to the outbox' : 'sent';
    const unknown = summary.unknown ? `, ${summary.unknown} unknown` : '';
    output.out(`${plan.week.label}: ${summary.sent} ${verb}, ${summary.failed} failed, ${summary.deferred} deferred${unknown}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`);
    if (plan.kind === 'outbox') output.out(`Nothing was sent: no SMTP settings (set SMTP_URL to send for real). ${plan.transport.replace(/ \(.*\)$/, '')} holds one .eml per subscriber.`);
    else if (plan.ledger) output.out(`Ledger: ${plan.ledger}`);
  }
  reportUnfinished(summary, complete, output);
  return exitCode;
}

/** Why subscribers are left out of this run, for the summary lines. */
function skippedReasons(plan: SendPlan): string[] {
  return [
    plan.alreadySent && `${plan.alreadySent} already sent`,
    plan.suppressed && `${plan.suppressed} unsubscribed`,
    plan.failedBefore && `${plan.failedBefore} failed before (--retry-failed to try again)`,
    plan.unknownBefore && `${plan.unknownBefore} unknown before (--retry-unknown to mail them again)`,
  ].filter((part): part is string => Boolean(part));
}

function jsonSummary(summary: SendSummary, dryRun: boolean): Record<string, unknown> {
  const { plan } = summary;
  return {
    week: plan.week.label,
    subject: plan.subject,
    transport: plan.transport,
    kind: plan.kind,
    sent: summary.sent,
    failed: summary.failed,
    deferred: summary.deferred,
    unknown: summary.unknown,
    alreadySent: plan.alreadySent,
    failedBefore: plan.failedBefore,
    unknownBefore: plan.unknownBefore,
    suppressed: plan.suppressed,
    pending: plan.pending,
    ledger: plan.ledger ?? null,
    ledgers: plan.ledgers,
    stopped: summary.stopped ?? null,
    cancelled: Boolean(summary.cancelled),
    test: summary.test ?? null,
    dryRun,
  };
}

/** Over SMTP the copy was sent; to the outbox it was only written, and the line must not say otherwise. */
function testCopyLine(test: { to: string; response: string }, plan: SendPlan): string {
  if (plan.kind === 'outbox') return `Wrote a [TEST] copy of ${plan.week.label} for ${test.to} to ${test.response.replace(/^written to /, '')} (no SMTP settings: nothing was sent)`;
  return `Sent a [TEST] copy of ${plan.week.label} to ${test.to} via ${plan.transport} (${test.response})`;
}

function dryRunLine(plan: SendPlan): string {
  const skipped = plan.alreadySent + plan.suppressed + plan.failedBefore + plan.unknownBefore;
  const would =
    plan.kind === 'outbox'
      ? `with no SMTP settings, a real run would write ${plan.pending} .eml file(s) to ${plan.transport.replace(/^outbox | \(.*\)$/g, '')}`
      : `a real run would send ${plan.pending} message(s) via ${plan.transport}`;
  return `Dry run, nothing was sent or written: ${would}${skipped ? ` (${skipped} subscriber(s) skipped: ${skippedReasons(plan).join(', ')})` : ''}.`;
}

/** What is left undone, and how to finish it. */
function reportUnfinished(summary: SendSummary, complete: boolean, output: Output): void {
  const { plan } = summary;
  if (summary.stopped) {
    const resume = 'Run the same command again to resume: subscribers already sent are skipped.';
    if (summary.stopped.reason === 'interrupted') output.err(`Interrupted: the messages in flight were recorded. ${resume}`);
    else if (summary.stopped.reason === 'paused') output.err(`Paused after ${summary.stopped.message}. Fix the cause, then: ${resume}`);
    else output.err(`Stopped: ${summary.stopped.message}. ${resume}`);
  } else if (summary.unknown) {
    output.err(
      `${summary.unknown} message(s) have an unknown outcome: the connection was lost after they went out, so the server may have accepted them. They are not retried: see \`watch-digest status --week ${plan.week.label}\`, and pass --retry-unknown to mail them again.`,
    );
  } else if (!complete) {
    output.err(`Not everyone was sent: see \`watch-digest status --week ${plan.week.label}\`; deferred subscribers are retried by running send again.`);
  }
}
