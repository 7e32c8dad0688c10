import path from 'node:path';
import { load } from 'cheerio';
import { compose } from './compose.js';
import { describeSetting, type Project } from '../config/project.js';
import type { Manifest } from '../built/manifest.js';
import { readWeekLedgers } from '../send/ledger-view.js';
import { buildStatus } from '../send/sent-build.js';
import { openProject } from './open-project.js';
import { ARTIFACTS, readBuiltIssue } from '../built/digest-store.js';
import { dkimKeyFindings } from '../check/dkim-key.js';
import { checkSenderDns, dnsResolver, type TxtResolver } from '../check/dns.js';
import { warning, type Finding } from '../check/finding.js';
import { largestReader } from '../check/largest-reader.js';
import { mjmlFindings } from '../check/mjml-findings.js';
import { itemFindings } from '../check/item-findings.js';
import { checkLinks } from '../check/links.js';
import { goLiveFindings } from '../check/go-live.js';
import { runPreflight } from '../check/run-preflight.js';
import { withPlaceholders } from '../issue/placeholders.js';
import { describeStaleBuild, staleBuildChanges } from '../built/stale-build.js';
import { alignmentWarnings } from '../send/alignment.js';
import type { Week } from '../shared/week.js';
import { exists } from '../shared/exists.js';

export interface CheckOptions {
  cwd: string;
  configFile?: string;
  week?: string;
  links?: boolean;
  dns?: boolean;
  /** Warnings fail the check too (also the config's `warningsAsErrors`). */
  strict?: boolean;
  env: NodeJS.ProcessEnv;
  now?: Date;
  fetch?: typeof globalThis.fetch;
  resolver?: TxtResolver;
}

export interface CheckReport {
  week: Week;
  composed: boolean;
  findings: Finding[];
  notes: string[];
  /** Whether warnings count as errors (`--strict` or `warningsAsErrors`). */
  strict: boolean;
}

/** The preflight: every rule over the built issue (composed first if it is not built yet). */
export async function checkIssue(options: CheckOptions): Promise<CheckReport> {
  const project = await openProject(options);
  const { config, show } = project;
  const week = project.week(options.week);
  const dir = project.weekDir(week);
  const htmlFile = show(path.join(dir, ARTIFACTS.html));
  const notes: string[] = [];

  const composed = await composeIfMissing(options, dir, week, notes);
  const files = await readBuiltIssue(dir, show(dir), week.label);
  // The rules look at the parts as `send` personalises them, placeholders and all.
  const issue = { ...files, ...withPlaceholders(files) };
  const changes = await staleChanges(project, week, issue, notes);
  const subscribers = project.resolve(config.subscribers);
  const { reader, findings: listFindings } = await largestReader(subscribers, show(subscribers), config.greeting, describeSetting(project, 'greeting.withName'), notes);
  const secret = options.env.UNSUBSCRIBE_SECRET ?? 'preflight';
  const findings: Finding[] = [
    ...staleFindings(changes, htmlFile, week.label),
    ...listFindings,
    ...itemFindings(issue.manifest),
    ...(await mjmlFindings(path.join(dir, ARTIFACTS.mjml), show(path.join(dir, ARTIFACTS.mjml)), notes)),
    ...(await runPreflight(issue, config, reader, secret, project.now())),
    ...goLiveFindings({ config, manifest: issue.manifest, html: issue.html, text: issue.text, secret: options.env.UNSUBSCRIBE_SECRET }),
    ...(await dkimKeyFindings(options.env)),
    // DKIM_DOMAIN alone: check also runs where only DKIM_SELECTOR is set, for the DNS lookup.
    ...alignmentWarnings(config, options.env.DKIM_DOMAIN ? { domainName: options.env.DKIM_DOMAIN } : undefined).map((message) => warning('alignment', message, 'DKIM_DOMAIN, bounce.address')),
  ];
  if (options.env.UNSUBSCRIBE_SECRET === undefined) notes.push('UNSUBSCRIBE_SECRET is not set here, so its length was not checked (a real send refuses one under 32 bytes)');
  if (options.links) findings.push(...(await linkFindings(issue.html, options, notes)));
  if (options.dns) {
    const result = await checkSenderDns(config.from.address.split('@')[1]!, options.env.DKIM_SELECTOR, options.resolver ?? dnsResolver(options.env));
    findings.push(...result.findings);
    if (result.skipped) notes.push(`sender DNS checks skipped: ${result.skipped}`);
  }
  return { week, composed, findings, notes, strict: Boolean(options.strict || config.warningsAsErrors) };
}

/** Composes the week first when it was never built; says so in the notes. */
async function composeIfMissing(options: CheckOptions, dir: string, week: Week, notes: string[]): Promise<boolean> {
  const built = await exists(path.join(dir, ARTIFACTS.manifest));
  if (built) return false;
  const composed = await compose({ cwd: options.cwd, week: week.label, ...(options.configFile ? { configFile: options.configFile } : {}) });
  notes.push(`${week.label} was not built yet: composed it first`, ...composed.warnings.map((warning) => `compose warning: ${warning}`), ...composed.otherWeeks.map((warning) => `compose warning (another week's file): ${warning}`));
  return true;
}

/** What changed since the build; nothing once sending it has begun (the rest of the list gets the issue that went out). */
async function staleChanges(project: Project, week: Week, issue: { manifest: Manifest; sha256: string }, notes: string[]): Promise<string[]> {
  const changes = await staleBuildChanges(project, week, issue.manifest);
  if (changes.length === 0) return changes;
  const dir = project.weekDir(week);
  if (buildStatus(await readWeekLedgers(dir, project.show(dir)), issue.sha256) !== 'this') return changes;
  notes.push(`${describeStaleBuild(project.show(path.join(dir, ARTIFACTS.html)), changes)}, but sending it has begun: the rest of the list gets the issue that went out`);
  return [];
}

async function linkFindings(html: string, options: CheckOptions, notes: string[]): Promise<Finding[]> {
  const $ = load(html);
  const urls = $('a[href]')
    .map((_, a) => $(a).attr('href')!)
    .get()
    .filter((href) => /^https?:\/\//i.test(href));
  const result = await checkLinks(urls, options.fetch ? { fetch: options.fetch } : {});
  if (result.skipped) notes.push(`link checks skipped: ${result.skipped}`);
  return result.findings;
}

/** A build older than its items, templates or config would mail what the editor has since changed. */
function staleFindings(changes: string[], htmlFile: string, week: string): Finding[] {
  if (changes.length === 0) return [];
  return [{ level: 'error', rule: 'stale', message: `${describeStaleBuild(htmlFile, changes)}; run \`watch-digest compose --week ${week}\``, where: 'issue.json' }];
}
