import { loadConfig } from '../config/load.js';
import { projectOf, type Project } from '../config/project.js';
import { requireNewsletterFolder } from '../config/newsletter-folder.js';

export interface ProjectOptions {
  cwd: string;
  /** `--config FILE`; else ./watch-digest.config.json, else the defaults. */
  configFile?: string;
  /** The clock (tests pass a fixed one); a Date is a clock stopped at it. */
  now?: Date | (() => Date);
  /**
   * False for commands that work anywhere (`scrape` only reads its fetch limits, `add` creates
   * digests/ as init would); by default a
   * command refuses a folder with neither a config nor a digests/ folder, which is not a newsletter.
   */
  needsNewsletter?: boolean;
}

/** The one way a command opens the newsletter folder it runs in. */
export async function openProject(options: ProjectOptions): Promise<Project> {
  const { now } = options;
  const clock = now === undefined ? () => new Date() : typeof now === 'function' ? now : () => now;
  const loaded = await loadConfig(options.cwd, options.configFile);
  if (options.needsNewsletter !== false) await requireNewsletterFolder(loaded, options.cwd);
  return projectOf(loaded, options.cwd, clock);
}
