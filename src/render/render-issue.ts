import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import type { Issue } from '../issue.js';
import { renderMjml, type MjmlRenderer } from './mjml.js';
import { buildTemplateModel } from './model.js';
import { placeholdersFor } from './placeholders.js';
import { renderTemplates } from './templates.js';
import { renderText } from './text.js';

export interface Manifest {
  week: string;
  start: string;
  end: string;
  date: string;
  subject: string;
  preheader: string;
  items: Issue['sources'];
  sections: { news: number; stateDept: boolean; related: number };
  html: { file: 'issue.html'; bytes: number; sha256: string };
  text: { file: 'issue.txt'; bytes: number; sha256: string };
  /** Tokens `send` replaces per recipient. */
  placeholders: string[];
}

export interface BuiltIssue {
  mjml: string;
  html: string;
  text: string;
  manifest: Manifest;
}

export interface RenderOptions {
  templatesDir: string;
  /** How to name the templates folder in messages (relative to the project). */
  shownTemplatesDir?: string;
  mjml?: MjmlRenderer;
}

/**
 * The render pipeline, all in memory so a failure writes nothing:
 * 1. issue + config -> template model;
 * 2. Liquid templates -> MJML;
 * 3. MJML -> HTML, strictly validated, while
 * 4. issue -> plain text (from the model, not from the HTML);
 * 5. manifest with sizes and checksums.
 */
export async function renderIssue(issue: Issue, config: Config, options: RenderOptions): Promise<BuiltIssue> {
  const model = buildTemplateModel(issue, config);
  const mjml = await renderTemplates(options.templatesDir, model, options.shownTemplatesDir);
  const rendering = (options.mjml ?? renderMjml)(mjml);
  // Written while MJML renders (possibly on the worker thread).
  const text = await renderText(issue, config);
  const result = await rendering;
  if (!result.ok) {
    const lines = result.problems.map((p) => `issue.mjml line ${p.line}, <${p.tagName}>: ${p.message}`);
    throw new UserError(`${options.shownTemplatesDir ?? options.templatesDir}: the templates produce invalid MJML`, {
      details: lines,
      hint: 'Fix the templates (MJML strict validation, https://documentation.mjml.io).',
    });
  }
  const html = result.html;
  return { mjml, html, text, manifest: buildManifest(issue, html, text, config) };
}

function buildManifest(issue: Issue, html: string, text: string, config: Config): Manifest {
  return {
    week: issue.week.label,
    start: issue.week.start,
    end: issue.week.end,
    date: issue.week.publishDate,
    subject: issue.subject,
    preheader: issue.preheader,
    items: issue.sources,
    sections: { news: issue.news.bullets.length, stateDept: issue.stateDept !== null, related: issue.related.length },
    html: { file: 'issue.html', ...measure(html) },
    text: { file: 'issue.txt', ...measure(text) },
    placeholders: Object.values(placeholdersFor(config)).filter((p): p is string => p !== null),
  };
}

function measure(content: string): { bytes: number; sha256: string } {
  return { bytes: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') };
}
