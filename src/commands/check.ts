import { Resolver } from 'node:dns/promises';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { compose } from './compose.js';
import { loadConfig, resolveWeek } from '../config/config.js';
import { ARTIFACTS, readBuiltIssue } from '../built/digest-store.js';
import { dkimKeyFindings } from '../check/dkim-key.js';
import { checkSenderDns, type TxtResolver } from '../check/dns.js';
import type { Finding } from '../check/finding.js';
import { itemFindings } from '../check/item-findings.js';
import { checkLinks } from '../check/links.js';
import { runPreflight } from '../check/run-preflight.js';
import { fileErrorReason } from '../shared/output-dir.js';
import { renderMjml } from '../render/mjml.js';
import { withPlaceholders } from '../issue/placeholders.js';
import { describeStaleBuild, sendBegunWith, staleBuildChanges } from '../built/stale-build.js';
import { readSubscribers } from '../audience/subscribers.js';
import { alignmentWarnings } from '../send/alignment.js';
import type { Week } from '../shared/week.js';

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
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, options.now ?? new Date());
  const dir = path.join(path.resolve(root, config.digestsDir), week.label);
  const show = (file: string) => path.relative(options.cwd, file) || file;
  const notes: string[] = [];

  const built = await access(path.join(dir, ARTIFACTS.manifest)).then(
    () => true,
    () => false,
  );
  if (!built) {
    const composed = await compose({ cwd: options.cwd, week: week.label, ...(options.configFile ? { configFile: options.configFile } : {}) });
    notes.push(`${week.label} was not built yet: composed it first`, ...composed.warnings.map((warning) => `compose warning: ${warning}`));
  }
  const files = await readBuiltIssue(dir, show(dir), week.label);
  // The rules look at the parts as `send` personalises them, placeholders and all.
  const issue = { ...files, ...withPlaceholders(files) };
  let changes = await staleBuildChanges({ cwd: options.cwd, week, manifest: issue.manifest, ...(options.configFile ? { configFile: options.configFile } : {}) });
  if (changes.length > 0 && (await sendBegunWith(dir, show(dir), issue.sha256))) {
    notes.push(`${describeStaleBuild(show(path.join(dir, ARTIFACTS.html)), changes)}, but sending it has begun: the rest of the list gets the issue that went out`);
    changes = [];
  }

  // The largest message any subscriber will get: the longest address's link and the longest name.
  const subscribersFile = path.resolve(root, config.subscribers);
  let longestEmail = 'a-fairly-long-subscriber-address@example.org';
  let longestName = '';
  try {
    for await (const subscriber of readSubscribers(subscribersFile, show(subscribersFile))) {
      if (subscriber.email.length > longestEmail.length) longestEmail = subscriber.email;
      if (subscriber.name.length > longestName.length) longestName = subscriber.name;
    }
  } catch {
    notes.push(`no readable subscriber list at ${show(subscribersFile)}: sizes assume a typical address`);
  }
  const secret = options.env.UNSUBSCRIBE_SECRET ?? 'preflight';
  const reader = { email: longestEmail, name: longestName };
  const findings: Finding[] = [
    ...staleFindings(changes, show(path.join(dir, ARTIFACTS.html)), week.label),
    ...itemFindings(issue.manifest),
    ...(await mjmlFindings(path.join(dir, ARTIFACTS.mjml), show, notes)),
    ...(await runPreflight(issue, config, reader, secret, options.now ?? new Date())),
    ...(await dkimKeyFindings(options.env)),
  ];
  // DKIM_DOMAIN alone: check also runs where only DKIM_SELECTOR is set, for the DNS lookup.
  for (const message of alignmentWarnings(config, options.env.DKIM_DOMAIN ? { domainName: options.env.DKIM_DOMAIN } : undefined)) findings.push({ level: 'warning', rule: 'alignment', message, where: 'DKIM_DOMAIN, bounce.address' });

  if (options.links) {
    const $ = load(issue.html);
    const urls = $('a[href]')
      .map((_, a) => $(a).attr('href')!)
      .get()
      .filter((href) => /^https?:\/\//i.test(href));
    const result = await checkLinks(urls, options.fetch ? { fetch: options.fetch } : {});
    findings.push(...result.findings);
    if (result.skipped) notes.push(`link checks skipped: ${result.skipped}`);
  }
  if (options.dns) {
    const domain = config.from.address.split('@')[1]!;
    const resolver = options.resolver ?? dnsResolver(options.env);
    const result = await checkSenderDns(domain, options.env.DKIM_SELECTOR, resolver);
    findings.push(...result.findings);
    if (result.skipped) notes.push(`sender DNS checks skipped: ${result.skipped}`);
  }
  return { week, composed: !built, findings, notes, strict: Boolean(options.strict || config.warningsAsErrors) };
}

/** A build older than its items, templates or config would mail what the editor has since changed. */
function staleFindings(changes: string[], htmlFile: string, week: string): Finding[] {
  if (changes.length === 0) return [];
  return [{ level: 'error', rule: 'stale', message: `${describeStaleBuild(htmlFile, changes)}; run \`watch-digest compose --week ${week}\``, where: 'issue.json' }];
}

/**
 * MJML strict validation of the built issue.mjml (compose validates too; this catches hand
 * edits). Only for inspection: issue.html, checked against issue.json, is what is sent, so a
 * missing issue.mjml skips the rule rather than the check.
 */
async function mjmlFindings(file: string, show: (file: string) => string, notes: string[]): Promise<Finding[]> {
  let mjml: string;
  try {
    mjml = await readFile(file, 'utf8');
  } catch (error) {
    notes.push(`${show(file)} cannot be read (${fileErrorReason(error)}): MJML validation skipped (issue.html is what is sent; compose again to rebuild issue.mjml)`);
    return [];
  }
  const result = await renderMjml(mjml);
  if (result.ok) return [];
  return result.problems.map((p) => ({ level: 'error' as const, rule: 'mjml', message: `<${p.tagName}>: ${p.message}`, where: `issue.mjml line ${p.line}` }));
}

/** The system resolver, or WATCH_DIGEST_DNS_SERVER (host:port) when set. */
function dnsResolver(env: NodeJS.ProcessEnv): TxtResolver {
  const resolver = new Resolver({ timeout: 3_000, tries: 1 });
  if (env.WATCH_DIGEST_DNS_SERVER) resolver.setServers([env.WATCH_DIGEST_DNS_SERVER]);
  return resolver;
}
