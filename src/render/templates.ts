import { access } from 'node:fs/promises';
import path from 'node:path';
import { Liquid } from 'liquidjs';
import { UserError } from '../errors.js';
import type { TemplateModel } from './model.js';

export const ROOT_TEMPLATE = 'issue.mjml';

/**
 * Renders templates/issue.mjml (and the partials it includes) with LiquidJS. Output is
 * HTML-escaped by default; strict variables and filters turn template typos into errors.
 */
export async function renderTemplates(templatesDir: string, model: TemplateModel, shownDir = templatesDir): Promise<string> {
  const rootFile = path.join(templatesDir, ROOT_TEMPLATE);
  try {
    await access(rootFile);
  } catch {
    throw new UserError(`${path.join(shownDir, ROOT_TEMPLATE)}: template not found`, {
      hint: 'Restore it from the watch-digest package (or `watch-digest init`), or point `templatesDir` in the config at your templates.',
    });
  }
  const engine = new Liquid({
    root: [templatesDir],
    extname: '.mjml',
    outputEscape: 'escape',
    strictFilters: true,
    strictVariables: true,
    lenientIf: true,
    // Keeps {% include %} inside templates/: a template cannot read other files.
    relativeReference: false,
  });
  try {
    return await engine.renderFile(ROOT_TEMPLATE, model);
  } catch (error) {
    throw new UserError(`${shownDir}: template error: ${describeLiquidError(error as Error, templatesDir, shownDir)}`, {
      hint: 'Fix the template; the README, "Templates", lists the variables they can use.',
    });
  }
}

function describeLiquidError(error: Error, templatesDir: string, shownDir: string): string {
  // LiquidJS messages carry absolute paths and a source excerpt; keep the first line, with our paths.
  const first = error.message.split('\n')[0] ?? error.message;
  return first.split(templatesDir).join(shownDir);
}
