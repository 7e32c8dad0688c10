// The commands that render MJML, as one entry point: scripts/build-engine.mjs bundles this file and
// everything it imports into dist/engine.cjs, which src/engine/load-engine.ts loads with a V8 code cache.
import type { CheckOptions, CheckReport } from '../commands/check.js';

export { compose } from '../commands/compose.js';
export { renderMjml } from '../render/mjml.js';

/** Imported on use, so that compose does not initialise what only check needs (nodemailer, DNS, link checks). */
export async function checkIssue(options: CheckOptions): Promise<CheckReport> {
  return (await import('../commands/check.js')).checkIssue(options);
}
