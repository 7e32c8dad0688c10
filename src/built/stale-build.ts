import path from 'node:path';
import { describeChangedInputs, digestBuildInputs, pageDigest, type BuildInputs } from './build-inputs.js';
import { loadConfig } from '../config/config.js';
import { UserError } from '../shared/errors.js';
import { needsScraping, type Item } from '../items/item.js';
import { loadItems } from '../items/load-items.js';
import { readCachedPage } from '../web/page-cache.js';
import { selectWeek } from '../items/week-membership.js';
import { findTemplates } from '../shared/paths.js';
import type { Manifest } from '../render/render-issue.js';
import type { Week } from '../shared/week.js';

export interface StaleCheck {
  cwd: string;
  configFile?: string;
  week: Week;
  manifest: Pick<Manifest, 'inputs'>;
}

/** The inputs a build of the week would be made from now, to compare with a built issue's. */
export async function currentBuildInputs(options: { cwd: string; configFile?: string; week: Week; recordedPages?: Record<string, string> }): Promise<BuildInputs> {
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  // Given the week, a broken draft of another week is a warning, as in compose.
  const digestsDir = path.resolve(root, config.digestsDir);
  const templatesDir = await findTemplates(root, config);
  const loaded = await loadItems(digestsDir, options.cwd, { week: options.week });
  const items = selectWeek(loaded.items, options.week);
  const itemFiles = items.map((item) => path.resolve(options.cwd, item.file));
  return digestBuildInputs({ root, itemFiles, templatesDir, config, pages: await cachedPages(items, path.join(digestsDir, '.cache'), options.recordedPages ?? {}) });
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
export async function staleBuildChanges(check: StaleCheck): Promise<string[]> {
  const recordedPages = check.manifest.inputs?.pages ?? {};
  const current = await currentBuildInputs({ cwd: check.cwd, week: check.week, recordedPages, ...(check.configFile ? { configFile: check.configFile } : {}) });
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

/**
 * Whether sending this very build has begun (a ledger of the week names its issue.html). Then
 * the rest of the list must get the issue that went out, so later edits do not make it stale:
 * a re-run resumes it (compose keeps it too, see send/sent-build.ts).
 */
export async function sendBegunWith(issueDir: string, shownDir: string, sha256: string): Promise<boolean> {
  const { readWeekLedgers } = await import('../send/ledger.js');
  return (await readWeekLedgers(issueDir, shownDir)).builds.has(sha256);
}
