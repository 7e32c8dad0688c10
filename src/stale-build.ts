import { describeChangedInputs } from './build-inputs.js';
import { currentBuildInputs } from './compose.js';
import { UserError } from './errors.js';
import type { Manifest } from './render/render-issue.js';
import type { Week } from './week.js';

export interface StaleCheck {
  cwd: string;
  configFile?: string;
  week: Week;
  manifest: Pick<Manifest, 'inputs'>;
}

/** What changed in the week's items, templates or config since the build; empty when it is current. */
export async function staleBuildChanges(check: StaleCheck): Promise<string[]> {
  const current = await currentBuildInputs({ cwd: check.cwd, week: check.week, ...(check.configFile ? { configFile: check.configFile } : {}) });
  return describeChangedInputs(check.manifest.inputs, current);
}

/** One line naming the stale build and (up to three of) its changed inputs. */
export function describeStaleBuild(htmlFile: string, changes: string[]): string {
  const shown = changes.slice(0, 3).join('; ') + (changes.length > 3 ? `; and ${changes.length - 3} more` : '');
  return `${htmlFile} is stale: ${shown} since it was composed`;
}

/** `send` mails the built files: refuse when they no longer say what the items, templates and config say. */
export async function refuseStaleBuild(check: StaleCheck & { htmlFile: string }): Promise<void> {
  const changes = await staleBuildChanges(check);
  if (changes.length === 0) return;
  throw new UserError(describeStaleBuild(check.htmlFile, changes), {
    hint: `Run \`watch-digest compose --week ${check.week.label}\` (and \`check\`) again, then send; --allow-stale sends the build as it is.`,
  });
}
