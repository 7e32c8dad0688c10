import path from 'node:path';
import { describeChangedInputs, digestBuildInputs, pageDigest, type BuildInputs } from './build-inputs.js';
import type { Project } from '../config/project.js';
import { UserError } from '../shared/errors.js';
import { needsScraping, type Item } from '../items/item.js';
import { loadItems } from '../items/load-items.js';
import { readCachedPage } from '../web/page-cache.js';
import { selectWeek } from '../items/week-membership.js';
import type { Manifest } from './manifest.js';
import type { Week } from '../shared/week.js';

/** The inputs a build of the week would be made from now, to compare with a built issue's. */
export async function currentBuildInputs(project: Project, week: Week, recordedPages: Record<string, string> = {}): Promise<BuildInputs> {
  const { cwd, config, root, digestsDir } = project;
  // Given the week, a broken draft of another week is a warning, as in compose.
  const loaded = await loadItems(digestsDir, cwd, { week });
  const items = selectWeek(loaded.items, week);
  const itemFiles = items.map((item) => path.resolve(cwd, item.file));
  const pages = await cachedPages(items, path.join(digestsDir, '.cache'), recordedPages);
  return digestBuildInputs({ root, itemFiles, templatesDir: await project.templatesDir(), config, pages });
}

/**
 * The pages behind URL-only items as compose would read them now: the copies in digests/.cache/
 * (never the network). A page with no copy here (a cache that could not be written, or another
 * checkout: the cache is not committed) cannot be compared, so it counts as the build recorded it.
 */
async function cachedPages(items: readonly Item[], cacheDir: string, recorded: Record<string, string>): Promise<Record<string, string>> {
  const pages: Record<string, string> = {};
  for (const item of items.filter(needsScraping)) {
    const page = await readCachedPage(item.url!, cacheDir);
    if (page) pages[item.url!] = pageDigest(page.html);
    else if (recorded[item.url!]) pages[item.url!] = recorded[item.url!]!;
  }
  return pages;
}

/** What changed in the week's items, templates or config since the build; empty when it is current. */
export async function staleBuildChanges(project: Project, week: Week, manifest: Pick<Manifest, 'inputs'>): Promise<string[]> {
  const current = await currentBuildInputs(project, week, manifest.inputs?.pages ?? {});
  return describeChangedInputs(manifest.inputs, current);
}

/** One line naming the stale build and (up to three of) its changed inputs. */
export function describeStaleBuild(htmlFile: string, changes: string[]): string {
  const shown = changes.slice(0, 3).join('; ') + (changes.length > 3 ? `; and ${changes.length - 3} more` : '');
  return `${htmlFile} is stale: ${shown} since it was composed`;
}

/** `send` mails the built files: refuse when they no longer say what the items, templates and config say. */
export async function refuseStaleBuild(project: Project, week: Week, manifest: Pick<Manifest, 'inputs'>, htmlFile: string): Promise<void> {
  const changes = await staleBuildChanges(project, week, manifest);
  if (changes.length === 0) return;
  throw new UserError(describeStaleBuild(htmlFile, changes), {
    hint: `Run \`watch-digest compose --week ${week.label}\` (and \`check\`) again, then send; --allow-stale sends the build as it is.`,
  });
}
