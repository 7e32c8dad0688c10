import { createRequire } from 'node:module';

export interface MjmlProblem {
  line: number;
  tagName: string;
  message: string;
}

export type MjmlResult = { ok: true; html: string } | { ok: false; problems: MjmlProblem[] };

/** Turns MJML into HTML. Kept behind a function type so the work can move to a worker thread. */
export type MjmlRenderer = (source: string) => Promise<MjmlResult>;

interface MjmlValidationError extends Error {
  errors?: Array<{ line: number; tagName: string; message: string }>;
}

const require = createRequire(import.meta.url);

type Mjml2Html = (input: string, options: object) => Promise<{ html: string }>;

/** Loaded on first use: mjml is the heaviest dependency and only compose needs it. */
export function loadMjml(): Mjml2Html {
  return require('mjml') as Mjml2Html;
}

/** Renders with strict validation: an invalid template is reported, never half-rendered. */
export async function renderMjml(source: string): Promise<MjmlResult> {
  const mjml2html = loadMjml();
  try {
    const { html } = await mjml2html(source, { validationLevel: 'strict', keepComments: false, ignoreIncludes: true });
    return { ok: true, html };
  } catch (error) {
    const problems = (error as MjmlValidationError).errors;
    if (!problems) throw error;
    return { ok: false, problems: problems.map(({ line, tagName, message }) => ({ line, tagName, message })) };
  }
}
