import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { describeIssues } from '../shared/describe-issues.js';
import { docPage } from '../shared/doc-page.js';
import { UserError } from '../shared/errors.js';
import { describeJsonError } from './json-error.js';
import { CONFIG_FILE, configSchema, type Config } from './schema.js';

export interface LoadedConfig {
  config: Config;
  /** Directory the config's relative paths are resolved against. */
  root: string;
  /** The file it came from, or undefined when running on defaults. */
  file: string | undefined;
}

/** Parses config data; every problem becomes one `field: message` line. */
export function parseConfig(data: unknown = {}, file = CONFIG_FILE): Config {
  // `null` or `[]` is a mistake (a truncated or wrongly generated file), not a request for the defaults.
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: expected a JSON object ({ "name": … }), found ${data === null ? 'null' : Array.isArray(data) ? 'a list' : typeof data}`, {
      hint: 'Write the settings as one JSON object; `{}` means every default.',
    });
  }
  const result = v.safeParse(configSchema, data);
  if (result.success) return result.output;
  throw new UserError(`${file}: invalid config`, {
    details: describeIssues(result.issues),
    hint: `Fix the fields above; ${docPage('configuration.md')} lists every field and its default.`,
  });
}

/** Reads `--config FILE`, else ./watch-digest.config.json if present, else the defaults. */
export async function loadConfig(cwd: string, explicitFile?: string): Promise<LoadedConfig> {
  const file = path.resolve(cwd, explicitFile ?? CONFIG_FILE);
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicitFile) {
      return { config: parseConfig({}), root: cwd, file: undefined };
    }
    throw new UserError(`${shown}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'Check the path given to --config.',
    });
  }
  let data: unknown;
  try {
    // Editors on Windows save JSON with a byte order mark; JSON.parse does not accept one.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const problem = describeJsonError(text.replace(/^\uFEFF/, ''));
    if (!problem) throw new UserError(`${shown}: not valid JSON: ${(error as Error).message}`);
    throw new UserError(`${shown}:${problem.line}:${problem.column}: not valid JSON: ${problem.what}`, { hint: problem.hint });
  }
  return { config: parseConfig(data, shown), root: path.dirname(file), file };
}

