import path from 'node:path';
import { fetchSettings } from '../config/resolve.js';
import type { Config } from '../config/schema.js';
import { openProject } from './open-project.js';
import { writeBuiltIssue } from '../built/digest-store.js';
import { UserError } from '../shared/errors.js';
import { digestBuildInputs, pageDigest } from '../built/build-inputs.js';
import { assembleIssue } from '../issue/assemble.js';
import type { Issue } from '../issue/types.js';
import { membershipWarnings, selectWeek } from '../items/week-membership.js';
import { needsScraping, type Item } from '../items/item.js';
import { loadItems } from '../items/load-items.js';
import type { MjmlRenderer } from '../render/mjml.js';
import { fileErrorReason, refuseUnsafeOutput } from '../shared/output-dir.js';
import { renderIssue } from '../render/render-issue.js';
import type { BuiltIssue, Manifest } from '../built/manifest.js';
import type { Week } from '../shared/week.js';

export interface ComposeOptions {
  cwd: string;
  configFile?: string;
  week?: string;
  /** Output folder; default digests/<week>/. */
  out?: string;
  now?: Date;
  mjml?: MjmlRenderer;
  /** Fetch URL-only items again instead of using digests/.cache/. */
  refresh?: boolean;
  /** The network for URL-only items (tests pass their own). */
  fetch?: typeof globalThis.fetch;
  /** Replace a build whose send has begun (see assertBuildReplaceable). */
  allowChanged?: boolean;
  /** Fail on warnings about the week's items too (also the config's `warningsAsErrors`). */
  strict?: boolean;
}

export interface ComposeResult {
  week: Week;
  dir: string;
  files: string[];
  manifest: Manifest;
  /** The warnings about this issue, and those about digests/ as a whole (links not followed…). */
  warnings: string[];
  /** The warnings about other weeks' files: shown apart, since they never change this issue. */
  otherWeeks: string[];
}

export interface BuildResult {
  week: Week;
  /** Where compose writes this week's issue. */
  dir: string;
  built: BuiltIssue;
  issue: Issue;
  config: Config;
  /** The warnings about this issue, and those about digests/ as a whole. */
  warnings: string[];
  /** The warnings about other weeks' files. */
  otherWeeks: string[];
  /** The warnings about this week's issue: recorded in the manifest, errors with --strict. */
  weekWarnings: string[];
}

/** Builds a week's issue in memory: config, items, scraping, assembly, rendering. Writes nothing. */
export async function buildIssue(options: ComposeOptions): Promise<BuildResult> {
  const project = await openProject(options);
  const { config, root, digestsDir } = project;
  const week = project.week(options.week);
  const templatesDir = await project.templatesDir();
  const weekDir = project.weekDir(week);
  const dir = options.out ? path.resolve(options.cwd, options.out) : weekDir;
  if (options.out) {
    await refuseUnsafeOutput(dir, {
      what: 'the built issue',
      flag: `--out ${options.out}`,
      cwd: options.cwd,
      notContaining: [root, options.cwd, digestsDir, templatesDir],
      notInside: [digestsDir, templatesDir],
      allowed: weekDir,
      marker: 'issue.json',
    });
  }

  const loaded = await loadItems(digestsDir, options.cwd, { week });
  const { items, pages } = await scrapeUrlItems(selectWeek(loaded.items, week), digestsDir, config, options);
  const assembled = assembleIssue(items, week, config, loaded.items);
  const inputs = await digestBuildInputs({ root, itemFiles: items.map((item) => path.resolve(options.cwd, item.file)), templatesDir, config, pages });
  const built = await renderIssue(assembled.issue, config, {
    templatesDir,
    shownTemplatesDir: path.relative(options.cwd, templatesDir) || '.',
    ...(options.mjml ? { mjml: options.mjml } : {}),
    inputs,
    warnings: warningsForWeek(loaded, items, week, assembled.warnings),
  });
  const weekWarnings = built.manifest.warnings;
  const all = [...new Set([...loaded.warnings, ...weekWarnings])];
  const otherFiles = loaded.items.filter((item) => !items.some((own) => own.file === item.file)).map((item) => `${item.file}: `);
  const isOtherWeeks = (warning: string) =>
    !weekWarnings.includes(warning) && (otherFiles.some((file) => warning.startsWith(file)) || warning.includes(`: skipped, not part of ${week.label}: `));
  return { week, dir, built, issue: assembled.issue, config, warnings: all.filter((w) => !isOtherWeeks(w)), otherWeeks: all.filter(isOtherWeeks), weekWarnings };
}

/** The warnings about this week's issue; those naming other weeks' files are printed, but never fail this week. */
function warningsForWeek(loaded: { items: Item[]; warnings: string[] }, weekItems: Item[], week: Week, assembly: string[]): string[] {
  // Every item warning starts with its file.
  const files = weekItems.map((item) => `${item.file}: `);
  return [...loaded.warnings.filter((warning) => files.some((file) => warning.startsWith(file))), ...membershipWarnings(loaded.items, week), ...assembly];
}

/** Builds a week's issue and writes its artifacts (design.md, "Built issue"). */
export async function compose(options: ComposeOptions): Promise<ComposeResult> {
  const { week, dir, built, warnings, otherWeeks, weekWarnings, config } = await buildIssue(options);
  if ((options.strict || config.warningsAsErrors) && weekWarnings.length > 0) {
    throw new UserError(`${week.label}: ${weekWarnings.length} warning${weekWarnings.length === 1 ? '' : 's'}, treated as errors (${options.strict ? '--strict' : '`warningsAsErrors` in the config'}); nothing was written`, {
      details: weekWarnings,
      hint: 'Fix the items named above, then compose again.',
    });
  }
  const { assertBuildReplaceable } = await import('../send/sent-build.js');
  await assertBuildReplaceable(dir, path.relative(options.cwd, dir) || dir, week.label, built.manifest.html.sha256, options.allowChanged);
  let files: string[];
  try {
    files = await writeBuiltIssue(dir, built);
  } catch (error) {
    throw new UserError(`${path.relative(options.cwd, dir) || dir}: cannot write the built issue (${fileErrorReason(error)})`, {
      hint: 'Check that the folder is writable, or choose another with --out.',
    });
  }
  return { week, dir, files, manifest: built.manifest, warnings, otherWeeks };
}

/** URL-only items of the week, filled from their pages (cached in digests/.cache/), and the digest of each page read. */
async function scrapeUrlItems(items: Item[], digestsDir: string, config: Config, options: ComposeOptions): Promise<{ items: Item[]; pages: Record<string, string> }> {
  const pages: Record<string, string> = {};
  if (!items.some(needsScraping)) return { items, pages };
  const { fillFromUrls } = await import('../scrape/fill-from-url.js');
  const { fetchPage } = await import('../web/fetch-page.js');
  const { cachedFetch } = await import('../web/page-cache.js');
  const fetch = (url: string) => fetchPage(url, { ...fetchSettings(config), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const filled = await fillFromUrls(items, async (url) => {
    const page = await cachedFetch(url, path.join(digestsDir, '.cache'), fetch, options.refresh);
    pages[url] = pageDigest(page.html);
    return page;
  });
  return { items: filled, pages };
}
