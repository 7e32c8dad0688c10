import { createRequire } from 'node:module';

export interface MjmlProblem {
  line: number;
  tagName: string;
  message: string;
}

export type MjmlResult = { ok: true; html: string } | { ok: false; problems: MjmlProblem[] };

/** Turns MJML into HTML. Kept behind a function type so tests and callers can pass their own. */
export type MjmlRenderer = (source: string) => Promise<MjmlResult>;

interface MjmlValidationError extends Error {
  errors?: Array<{ line: number; tagName: string; message: string }>;
}

type Mjml2Html = (input: string, options: object) => Promise<{ html: string }>;

/** The options every render uses; the engine bundle leaves out what other options would need. */
const OPTIONS = { validationLevel: 'strict', keepComments: false, ignoreIncludes: true } as const;

/** What a package left out of dist/engine.cjs throws when called (scripts/build-engine.mjs). */
const NOT_BUNDLED = 'WATCH_DIGEST_NOT_BUNDLED';

/**
 * mjml, loaded on first use: it is the heaviest dependency. Inside dist/engine.cjs this is the
 * bundled copy; in the unbundled modules, the package itself.
 */
async function loadMjml(): Promise<Mjml2Html> {
  return (await import('mjml')).default as unknown as Mjml2Html;
}

/** The complete mjml from node_modules, never the bundled copy. */
function loadCompleteMjml(): Mjml2Html {
  return createRequire(import.meta.url)('mjml') as Mjml2Html;
}

/**
 * Renders with strict validation: an invalid template is reported, never half-rendered. Should
 * the bundled mjml reach a package the bundle left out, the complete mjml renders instead, so the
 * HTML is always what mjml itself produces.
 */
export async function renderMjml(source: string): Promise<MjmlResult> {
  try {
    return await renderWith(await loadMjml(), source);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== NOT_BUNDLED) throw error;
    return renderWith(loadCompleteMjml(), source);
  }
}

async function renderWith(mjml2html: Mjml2Html, source: string): Promise<MjmlResult> {
  try {
    const { html } = await mjml2html(source, OPTIONS);
    return { ok: true, html };
  } catch (error) {
    const problems = (error as MjmlValidationError).errors;
    if (!problems) throw error;
    return { ok: false, problems: problems.map(({ line, tagName, message }) => ({ line, tagName, message })) };
  }
}
