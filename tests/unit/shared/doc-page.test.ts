import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docPage, withInstalledDocs } from '../../../src/shared/doc-page.js';
import { PACKAGE_ROOT } from '../../../src/shared/paths.js';

describe('docPage', () => {
  it('names a page as a path that opens from the folder the command ran in', () => {
    expect(docPage('items.md', PACKAGE_ROOT)).toBe(path.join('docs', 'items.md'));
    // A newsletter folder holding the package under node_modules sees it there.
    expect(docPage('items.md', path.dirname(PACKAGE_ROOT))).toBe(path.join(path.basename(PACKAGE_ROOT), 'docs', 'items.md'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'doc-page-'));
    expect(docPage('items.md', elsewhere)).toBe(path.join(PACKAGE_ROOT, 'docs', 'items.md'));
  });

  it('names only pages that exist', () => {
    for (const page of ['items.md', 'configuration.md', 'mailbox.md', 'gathering.md', 'sending.md', 'commands.md']) {
      expect(existsSync(path.resolve(PACKAGE_ROOT, docPage(page, PACKAGE_ROOT)))).toBe(true);
    }
  });
});
