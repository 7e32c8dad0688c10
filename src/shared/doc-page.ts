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
