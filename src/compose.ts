import { access } from 'node:fs/promises';
import path from 'node:path';
import { fetchSettings, loadConfig, resolveWeek, type Config } from './config.js';
import { BUNDLED_TEMPLATES } from './paths.js';
import { writeBuiltIssue } from './digest-store.js';
import { UserError } from './errors.js';
import { assembleIssue, selectWeek, type Issue } from './issue.js';
import { needsScraping, type Item } from './items/item.js';
import { loadItems } from './items/load-items.js';
import type { MjmlRenderer } from './render/mjml.js';
import { fileErrorReason, refuseUnsafeOutput } from './output-dir.js';
import { renderIssue, type BuiltIssue, type Manifest } from './render/render-issue.js';
import type { Week } from './week.js';


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
}

export interface ComposeResult {
  week: Week;
  dir: string;
  files: string[];
  manifest: Manifest;
  warnings: string[];
}

export interface BuildResult {
  week: Week;
  /** Where compose writes this week's issue. */
  dir: string;
  built: BuiltIssue;
  issue: Issue;
  config: Config;
  warnings: string[];
}

/** Builds a week's issue in memory: config, items, scraping, assembly, rendering. Writes nothing. */
export async function buildIssue(options: ComposeOptions): Promise<BuildResult> {
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, options.now ?? new Date());
  const digestsDir = path.resolve(root, config.digestsDir);
  const templatesDir = await findTemplates(root, config);
  const weekDir = path.join(digestsDir, week.label);
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
  const items = await scrapeUrlItems(selectWeek(loaded.items, week), digestsDir, config, options);
  const assembled = assembleIssue(items, week, config);
  const built = await renderIssue(assembled.issue, config, {
    templatesDir,
    shownTemplatesDir: path.relative(options.cwd, templatesDir) || '.',
    ...(options.mjml ? { mjml: options.mjml } : {}),
  });
  return { week, dir, built, issue: assembled.issue, config, warnings: [...loaded.warnings, ...assembled.warnings] };
}

/** Builds a week's issue and writes its artifacts (design.md, "Built issue"). */
export async function compose(options: ComposeOptions): Promise<ComposeResult> {
  const { week, dir, built, warnings } = await buildIssue(options);
  const { assertBuildReplaceable } = await import('./send/sent-build.js');
  await assertBuildReplaceable(dir, path.relative(options.cwd, dir) || dir, week.label, built.manifest.html.sha256, options.allowChanged);
  let files: string[];
  try {
    files = await writeBuiltIssue(dir, built);
  } catch (error) {
    throw new UserError(`${path.relative(options.cwd, dir) || dir}: cannot write the built issue (${fileErrorReason(error)})`, {
      hint: 'Check that the folder is writable, or choose another with --out.',
    });
  }
  return { week, dir, files, manifest: built.manifest, warnings };
}

/** URL-only items of the week, filled from their pages (cached in digests/.cache/). */
async function scrapeUrlItems(items: Item[], digestsDir: string, config: Config, options: ComposeOptions): Promise<Item[]> {
  if (!items.some(needsScraping)) return items;
  const { fillFromUrls } = await import('./items/scrape/fill-from-url.js');
  const { fetchPage } = await import('./items/scrape/fetch-page.js');
  const { cachedFetch } = await import('./items/scrape/page-cache.js');
  const fetch = (url: string) => fetchPage(url, { ...fetchSettings(config), ...(options.fetch ? { fetch: options.fetch } : {}) });
  return fillFromUrls(items, (url) => cachedFetch(url, path.join(digestsDir, '.cache'), fetch, options.refresh));
}

/** The config's templatesDir, else ./templates, else the bundled templates. */
async function findTemplates(root: string, config: Config): Promise<string> {
  if (config.templatesDir) return path.resolve(root, config.templatesDir);
  const local = path.join(root, 'templates');
  try {
    await access(local);
    return local;
  } catch {
    return BUNDLED_TEMPLATES;
  }
}
