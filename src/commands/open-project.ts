import { loadConfig } from '../config/load.js';
import { projectOf, type Project } from '../config/project.js';

export interface ProjectOptions {
  cwd: string;
  /** `--config FILE`; else ./watch-digest.config.json, else the defaults. */
  configFile?: string;
  /** The clock (tests pass a fixed one); a Date is a clock stopped at it. */
  now?: Date | (() => Date);
}

/** The one way a command opens the newsletter folder it runs in. */
export async function openProject(options: ProjectOptions): Promise<Project> {
  const { now } = options;
  const clock = now === undefined ? () => new Date() : typeof now === 'function' ? now : () => now;
  return projectOf(await loadConfig(options.cwd, options.configFile), options.cwd, clock);
}
