import { readFile } from 'node:fs/promises';
import { renderMjml } from '../render/mjml.js';
import { fileErrorReason } from '../shared/output-dir.js';
import type { Finding } from './finding.js';

/**
 * MJML strict validation of the built issue.mjml (compose validates too; this catches hand
 * edits). Only for inspection: issue.html, checked against issue.json, is what is sent, so a
 * missing issue.mjml skips the rule rather than the check.
 */
export async function mjmlFindings(file: string, shownFile: string, notes: string[]): Promise<Finding[]> {
  let mjml: string;
  try {
    mjml = await readFile(file, 'utf8');
  } catch (error) {
    notes.push(`${shownFile} cannot be read (${fileErrorReason(error)}): MJML validation skipped (issue.html is what is sent; compose again to rebuild issue.mjml)`);
    return [];
  }
  const result = await renderMjml(mjml);
  if (result.ok) return [];
  return result.problems.map((p) => ({ level: 'error' as const, rule: 'mjml', message: `<${p.tagName}>: ${p.message}`, where: `issue.mjml line ${p.line}` }));
}
