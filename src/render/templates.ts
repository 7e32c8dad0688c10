import { access } from 'node:fs/promises';
import path from 'node:path';
import { Liquid } from 'liquidjs';
import { isSafeCssValue } from '../config/css-values.js';
import { docPage } from '../shared/doc-page.js';
import { UserError } from '../shared/errors.js';
import type { TemplateModel } from './model.js';

export const ROOT_TEMPLATE = 'issue.mjml';

/**
 * Renders templates/issue.mjml (and the partials it includes) with LiquidJS. Output is
 * HTML-escaped by default, right for text and attributes; inside CSS, `| css` writes a validated
 * brand value unescaped. Strict variables and filters turn template typos into errors.
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
  engine.registerFilter('css', { handler: cssValue, raw: true });
  let mjml: string;
  try {
    mjml = await engine.renderFile(ROOT_TEMPLATE, model);
  } catch (error) {
    throw new UserError(`${shownDir}: template error: ${describeLiquidError(error as Error, templatesDir, shownDir)}`, {
      hint: `Fix the template; ${docPage('configuration.md')}, "Templates", lists the variables they can use.`,
    });
  }
  refuseEscapedCss(mjml, shownDir);
  return mjml;
}

/** The `css` filter: a font stack, colour or length, unescaped; anything else could end the rule or the <style>. */
function cssValue(value: unknown): string {
  if (!isSafeCssValue(value)) {
    throw new Error(`the css filter takes a font stack, a hex colour or a length, not ${JSON.stringify(String(value)).slice(0, 60)}`);
  }
  return String(value);
}

/**
 * An HTML entity inside a <style> or <mj-style> block is a value written with HTML escaping
 * (`{{ brand.fontFamily }}` rather than `| css`): CSS never decodes it, and the CSS inliner
 * crashes on the `;` it contains. Templates from before the `css` filter have this line.
 */
function refuseEscapedCss(mjml: string, shownDir: string): void {
  for (const [, , css] of mjml.matchAll(/<(mj-style|style)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
    const entity = /[^\n]*&(?:#\d+|#x[0-9a-f]+|[a-z]+);[^\n]*/i.exec(css!);
    if (entity) {
      throw new UserError(`${shownDir}: an HTML-escaped value inside CSS: "${entity[0].trim().slice(0, 100)}"`, {
        hint: `Write values into <mj-style> with the css filter, e.g. \`font-family: {{ brand.headingFontFamily | css }};\` (see ${docPage('configuration.md')}, "Templates").`,
      });
    }
  }
}

function describeLiquidError(error: Error, templatesDir: string, shownDir: string): string {
  // LiquidJS messages carry absolute paths and a source excerpt; keep the first line, with our paths.
  const first = error.message.split('\n')[0] ?? error.message;
  return first.split(templatesDir).join(shownDir);
}
