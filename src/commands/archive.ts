import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { escapeUTF8 as escape } from 'entities';
import type { Config } from '../config/schema.js';
import { openProject } from './open-project.js';
import { ARTIFACTS, readBuiltIssue } from '../built/digest-store.js';
import { UserError } from '../shared/errors.js';
import { fileErrorReason, refuseUnsafeOutput } from '../shared/output-dir.js';
import { PLACEHOLDERS, htmlWithPlaceholders } from '../issue/placeholders.js';
import type { Manifest } from '../built/manifest.js';
import { exists } from '../shared/exists.js';

export interface ArchiveResult {
  dir: string;
  issues: Array<{ week: string; date: string; subject: string }>;
  files: string[];
}

interface ArchivedIssue {
  manifest: Manifest;
  html: string;
}

/**
 * A static site of every built issue: an index (newest first), one web page per issue without
 * the per-recipient parts, and an Atom feed with each issue in full. Same inputs, same bytes.
 */
export async function buildArchive(options: { cwd: string; configFile?: string; out?: string }): Promise<ArchiveResult> {
  const project = await openProject(options);
  const { config, root, digestsDir } = project;
  const out = path.resolve(options.cwd, options.out ?? 'public');
  const templatesDir = project.ownTemplatesDir;
  await refuseUnsafeOutput(out, {
    what: 'the archive',
    flag: `--out ${options.out ?? 'public'}`,
    cwd: options.cwd,
    notContaining: [root, options.cwd, digestsDir, templatesDir],
    notInside: [digestsDir, templatesDir],
    marker: 'feed.xml',
  });

  const issues = await readIssues(digestsDir, options.cwd);
  if (issues.length === 0) {
    throw new UserError(`no built issues under ${project.show(digestsDir)}/`, { hint: 'Run `watch-digest compose --week …` first.' });
  }
  issues.sort((a, b) => b.manifest.date.localeCompare(a.manifest.date) || b.manifest.week.localeCompare(a.manifest.week));
  const base = config.archiveUrl ? (config.archiveUrl.endsWith('/') ? config.archiveUrl : `${config.archiveUrl}/`) : undefined;
  // Without a site address, links name index.html so the archive also works opened from disk.
  const pageUrl = (week: string) => (base ? new URL(`${week}/`, base).href : `${week}/index.html`);

  const files: Array<[string, string]> = [
    ['index.html', indexPage(issues, config, pageUrl, base)],
    ['feed.xml', atomFeed(issues, config, pageUrl, base)],
    ...issues.map((issue): [string, string] => [path.join(issue.manifest.week, 'index.html'), webVersion(issue.html, config)]),
  ];
  for (const [name, content] of files) {
    const file = path.join(out, name);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    } catch (error) {
      throw new UserError(`${path.relative(options.cwd, file)}: cannot write the archive (${fileErrorReason(error)})`, {
        hint: 'Free some space or fix the permissions, then run `watch-digest archive` again: it rewrites every file.',
      });
    }
  }
  return {
    dir: out,
    issues: issues.map(({ manifest }) => ({ week: manifest.week, date: manifest.date, subject: manifest.subject })),
    files: files.map(([name]) => path.join(out, name)),
  };
}

/** Every built issue, each checked against its manifest's sha256 as `send` does: the archive publishes only what compose built. */
async function readIssues(digestsDir: string, cwd: string): Promise<ArchivedIssue[]> {
  const entries = await readdir(digestsDir, { withFileTypes: true }).catch(() => []);
  const issues: ArchivedIssue[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = path.join(digestsDir, entry.name);
    const built = await exists(path.join(dir, ARTIFACTS.manifest));
    // A folder of items with no build yet.
    if (!built) continue;
    const { manifest, html } = await readBuiltIssue(dir, path.relative(cwd, dir), entry.name);
    issues.push({ manifest, html: htmlWithPlaceholders(manifest, html) });
  }
  return issues;
}

/** The email as a web page: no unsubscribe link (it would be nobody's), the greeting for no one in particular. */
export function webVersion(html: string, config: Config): string {
  const $ = load(html);
  $(`a[href="${PLACEHOLDERS.unsubscribeUrl}"]`).remove();
  return $.html().replaceAll(PLACEHOLDERS.greeting, escape(config.greeting?.withoutName ?? ''));
}

function indexPage(issues: ArchivedIssue[], config: Config, pageUrl: (week: string) => string, base: string | undefined): string {
  const items = issues
    .map(
      ({ manifest }) => `<li><time datetime="${escape(manifest.date)}">${escape(spell(manifest.date))}</time>
  <a href="${escape(pageUrl(manifest.week))}">${escape(manifest.subject)}</a>
  <p>${escape(manifest.preheader)}</p></li>`,
    )
    .join('\n');
  const feed = base ? new URL('feed.xml', base).href : 'feed.xml';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(config.name)}: archive</title>
<link rel="alternate" type="application/atom+xml" title="${escape(config.name)}" href="${escape(feed)}">
<style>${indexCss(config)}</style>
</head><body>
<h1>${escape(config.name)}</h1>
${config.tagline ? `<p>${escape(config.tagline)}</p>` : ''}
<p><a href="${escape(feed)}">Atom feed</a></p>
<ol>
${items}
</ol>
</body></html>
`;
}

/**
 * CSS is not HTML: entity escaping here would leave `&#39;` in the font stack and the font unused.
 * The brand values were validated when the config was read (css-values.ts), so they go in as they are.
 */
function indexCss({ brand }: Config): string {
  return `body{font-size:17px;line-height:1.5;font-family:${brand.fontFamily};max-width:40rem;margin:2rem auto;padding:0 1rem;color:${brand.textColor}}
h1{font-family:${brand.headingFontFamily};color:${brand.primaryColor}}ol{list-style:none;padding:0}li{margin:0 0 1.5rem}
time{display:block;color:${brand.mutedColor};font-size:.9rem}li a{font-weight:bold;color:${brand.primaryColor}}li p{margin:.25rem 0}`;
}

function atomFeed(issues: ArchivedIssue[], config: Config, pageUrl: (week: string) => string, base: string | undefined): string {
  const slug = config.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'newsletter';
  const id = (week?: string) => (base ? (week ? pageUrl(week) : base) : `urn:watch-digest:${slug}${week ? `:${week}` : ''}`);
  const updated = `${escape(issues[0]!.manifest.date)}T00:00:00Z`;
  const entries = issues.map(({ manifest, html }) => {
    const body = load(webVersion(html, config))('body').html() ?? '';
    return `  <entry>
    <title>${escape(manifest.subject)}</title>
    <id>${escape(id(manifest.week))}</id>
    <link rel="alternate" type="text/html" href="${escape(pageUrl(manifest.week))}"/>
    <published>${escape(manifest.date)}T00:00:00Z</published>
    <updated>${escape(manifest.date)}T00:00:00Z</updated>
    <summary>${escape(manifest.preheader)}</summary>
    <content type="html">${escape(body)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escape(config.name)}</title>
${config.tagline ? `  <subtitle>${escape(config.tagline)}</subtitle>\n` : ''}  <id>${escape(id())}</id>
  <updated>${updated}</updated>
  <author><name>${escape(config.from.name ?? config.name)}</name></author>
${base ? `  <link rel="self" type="application/atom+xml" href="${escape(new URL('feed.xml', base).href)}"/>\n  <link rel="alternate" type="text/html" href="${escape(base)}"/>\n` : ''}${entries.join('\n')}
</feed>
`;
}

function spell(date: string): string {
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
