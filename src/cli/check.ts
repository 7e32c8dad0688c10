import type { Output } from './output.js';

export async function checkCommand(flags: { week?: string | true; links?: boolean; dns?: boolean; strict?: boolean; config?: string }, output: Output): Promise<number> {
  const { loadEngine } = await import('../engine/load-engine.js');
  const { engine, saveCodeCache } = await loadEngine(process.env);
  const report = await engine.checkIssue({
    cwd: process.cwd(),
    env: process.env,
    links: Boolean(flags.links),
    dns: Boolean(flags.dns),
    strict: Boolean(flags.strict),
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(typeof flags.week === 'string' ? { week: flags.week } : {}),
  });
  await saveCodeCache();
  const errors = report.findings.filter((f) => f.level === 'error').length;
  const warnings = report.findings.length - errors;
  const failed = errors > 0 || (report.strict && warnings > 0);
  if (output.json) {
    output.out(JSON.stringify({ week: report.week.label, errors, warnings, strict: report.strict, findings: report.findings, notes: report.notes }));
    return failed ? 1 : 0;
  }
  for (const note of report.notes) output.err(`note: ${note}`);
  for (const finding of report.findings) output.out(`${finding.level.padEnd(7)} ${finding.rule}: ${finding.message} (${finding.where})`);
  const verdict = errors ? ': fix the errors before sending' : failed ? ': warnings count as errors here (--strict or `warningsAsErrors`)' : '';
  if (!output.quiet || failed) output.out(`${report.week.label}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${verdict}`);
  return failed ? 1 : 0;
}
