import type { Output } from './output.js';

export async function checkCommand(flags: { week?: string | true; links?: boolean; dns?: boolean; config?: string }, output: Output): Promise<number> {
  const { loadEngine } = await import('../load-engine.js');
  const { engine, saveCodeCache } = await loadEngine(process.env);
  const report = await engine.checkIssue({
    cwd: process.cwd(),
    env: process.env,
    links: Boolean(flags.links),
    dns: Boolean(flags.dns),
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(typeof flags.week === 'string' ? { week: flags.week } : {}),
  });
  await saveCodeCache();
  const errors = report.findings.filter((f) => f.level === 'error').length;
  const warnings = report.findings.length - errors;
  if (output.json) {
    output.out(JSON.stringify({ week: report.week.label, errors, warnings, findings: report.findings, notes: report.notes }));
    return errors ? 1 : 0;
  }
  for (const note of report.notes) output.err(`note: ${note}`);
  for (const finding of report.findings) output.out(`${finding.level.padEnd(7)} ${finding.rule}: ${finding.message} (${finding.where})`);
  if (!output.quiet || errors) output.out(`${report.week.label}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${errors ? ': fix the errors before sending' : ''}`);
  return errors ? 1 : 0;
}
