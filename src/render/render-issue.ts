import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { UserError } from '../shared/errors.js';
import type { Issue } from '../issue/types.js';
import { renderMjml, type MjmlRenderer } from './mjml.js';
import { buildTemplateModel } from './model.js';
import type { BuildInputs } from '../built/build-inputs.js';
import type { BuiltIssue, Manifest } from '../built/manifest.js';
import { fillSamples, sampleValues, type ManifestPlaceholders } from '../issue/placeholders.js';
import { renderTemplates } from './templates.js';
import { renderText } from './text.js';

export interface RenderOptions {
  templatesDir: string;
  /** How to name the templates folder in messages (relative to the project). */
  shownTemplatesDir?: string;
  mjml?: MjmlRenderer;
  /** Recorded in the manifest (see build-inputs.ts). */
  inputs?: BuildInputs;
  warnings?: string[];
}

/**
 * The render pipeline, all in memory so a failure writes nothing:
 * 1. issue + config -> template model;
 * 2. Liquid templates -> MJML;
 * 3. MJML -> HTML, strictly validated;
 * 4. issue -> plain text (from the model, not from the HTML);
 * 5. placeholders -> sample values, so the files read as an issue a reader gets;
 * 6. manifest with sizes, checksums, where the samples stand, and the inputs' digest.
 */
export async function renderIssue(issue: Issue, config: Config, options: RenderOptions): Promise<BuiltIssue> {
  const model = buildTemplateModel(issue, config);
  const mjml = await renderTemplates(options.templatesDir, model, options.shownTemplatesDir);
  const result = await (options.mjml ?? renderMjml)(mjml);
  if (!result.ok) {
    const lines = result.problems.map((p) => `issue.mjml line ${p.line}, <${p.tagName}>: ${p.message}`);
    throw new UserError(`${options.shownTemplatesDir ?? options.templatesDir}: the templates produce invalid MJML`, {
      details: lines,
      hint: 'Fix the templates (MJML strict validation, https://documentation.mjml.io).',
    });
  }
  const text = renderText(issue, config);
  const samples = sampleValues(config);
  const html = fillSamples(result.html, samples, 'html');
  const plain = fillSamples(text, samples, 'text');
  const placeholders = { html: html.spans, text: plain.spans };
  return {
    mjml,
    html: html.content,
    text: plain.content,
    template: { html: result.html, text },
    manifest: buildManifest(issue, html.content, plain.content, placeholders, options),
  };
}

function buildManifest(issue: Issue, html: string, text: string, placeholders: ManifestPlaceholders, options: RenderOptions): Manifest {
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
    placeholders,
    ...(options.inputs ? { inputs: options.inputs } : {}),
    warnings: options.warnings ?? [],
  };
}

function measure(content: string): { bytes: number; sha256: string } {
  return { bytes: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') };
}
