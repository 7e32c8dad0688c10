import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../shared/errors.js';
import type { BuiltIssue, Manifest } from './manifest.js';

export const ARTIFACTS = { html: 'issue.html', text: 'issue.txt', mjml: 'issue.mjml', manifest: 'issue.json' } as const;

/**
 * Writes the four artifacts of a built issue. Each goes to a temporary file first and all are
 * renamed only once every write succeeded, so a failure never leaves a half-written build.
 */
export async function writeBuiltIssue(dir: string, built: BuiltIssue): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const contents: Array<[string, string]> = [
    [ARTIFACTS.html, built.html],
    [ARTIFACTS.text, built.text],
    [ARTIFACTS.mjml, built.mjml],
    [ARTIFACTS.manifest, JSON.stringify(built.manifest, null, 2) + '\n'],
  ];
  const suffix = `.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const staged = contents.map(([name, content]) => ({ final: path.join(dir, name), temp: path.join(dir, name + suffix), content }));
  try {
    await Promise.all(staged.map((file) => writeFile(file.temp, file.content)));
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temp, { force: true })));
    throw error;
  }
  for (const file of staged) await rename(file.temp, file.final);
  return staged.map((file) => file.final);
}

export interface BuiltIssueFiles {
  manifest: Manifest;
  html: string;
  text: string;
  sha256: string;
}

export async function readBuiltIssue(dir: string, shownDir: string, week: string): Promise<BuiltIssueFiles> {
  let files: string[];
  try {
    files = await Promise.all([ARTIFACTS.manifest, ARTIFACTS.html, ARTIFACTS.text].map((name) => readFile(path.join(dir, name), 'utf8')));
  } catch {
    throw new UserError(`${shownDir}: no built issue for ${week}`, { hint: `Run \`watch-digest compose --week ${week}\` first.` });
  }
  const [manifestText, html, text] = files as [string, string, string];
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestText) as Manifest;
  } catch (error) {
    throw new UserError(`${path.join(shownDir, ARTIFACTS.manifest)} is not valid JSON (${(error as Error).message})`, {
      hint: `Run \`watch-digest compose --week ${week}\` again to rebuild it.`,
    });
  }
  const sha256 = createHash('sha256').update(html).digest('hex');
  if (sha256 !== (manifest as Partial<Manifest> | null)?.html?.sha256) {
    throw new UserError(`${path.join(shownDir, ARTIFACTS.html)} does not match ${ARTIFACTS.manifest}: it was changed after compose`, {
      hint: `Edit items or templates rather than the built file, then run \`watch-digest compose --week ${week}\` again.`,
    });
  }
  return { manifest, html, text, sha256 };
}
