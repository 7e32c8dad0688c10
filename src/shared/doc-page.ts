import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

/**
 * A documentation page as a path the reader can open from where they ran the command: "docs/items.md"
 * in a checkout, "node_modules/watch-digest/docs/items.md" in a newsletter folder, else the
 * absolute path (the pages ship in the package's docs/ folder).
 */
export function docPage(page: string, cwd = process.cwd()): string {
  const file = path.join(PACKAGE_ROOT, 'docs', page);
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Where a newsletter folder has the documentation once `npm install` has run there. */
const INSTALLED_DOCS = 'node_modules/watch-digest/docs';

/** A page as a newsletter's own files and init's next steps name it: under node_modules. */
export function installedDocPage(page: string): string {
  return `${INSTALLED_DOCS}/${page}`;
}

/** A file shipped for the repository (templates, the workflow), with its mentions of docs/… pointed where a newsletter has them. */
export function withInstalledDocs(text: string): string {
  return text.replace(/(?<![\w/.-])docs\/([\w-]+\.md)/g, (_, page: string) => installedDocPage(page));
}
