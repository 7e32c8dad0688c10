// The commands that render MJML, as one entry point: scripts/build-engine.mjs bundles this file and
// everything it imports into dist/engine.cjs, which src/load-engine.ts loads with a V8 code cache.
export { compose } from './compose.js';
export { checkIssue } from './check-issue.js';
export { renderMjml } from './render/mjml.js';
