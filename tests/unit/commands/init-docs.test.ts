import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initNewsletter } from '../../../src/commands/init.js';
import { nextSteps } from '../../../src/commands/init-checklist.js';
import { withInstalledDocs } from '../../../src/shared/doc-page.js';
import { PACKAGE_ROOT } from '../../../src/shared/paths.js';

describe('the pages a newsletter folder names', () => {
  it('points docs/… at node_modules/watch-digest/docs/…, leaving other paths alone', () => {
    expect(withInstalledDocs('see docs/sending.md, "Going live"; templates/partials/lead.mjml; ./docs/x.md; my-docs/a.md')).toBe(
      'see node_modules/watch-digest/docs/sending.md, "Going live"; templates/partials/lead.mjml; ./docs/x.md; my-docs/a.md',
    );
  });

  it('init writes files and next steps whose documentation paths exist once the package is installed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'doc-page-init-'));
    await initNewsletter({ dir, name: 'Harbour Notes', from: 'editor@diplomacy-watch.net', dependency: 'watch-digest@*', now: new Date('2026-12-07T09:00:00Z') });
    const texts = ['.github/workflows/weekly-digest.yml', 'templates/issue.mjml', 'unsubscribe-endpoint/wrangler.toml'].map((file) => readFileSync(path.join(dir, file), 'utf8'));
    texts.push(nextSteps({ shownDir: '.', fromDomain: 'diplomacy-watch.net' }).join('\n'));
    const named = texts.flatMap((text) => [...text.matchAll(/(?:[\w./-]*)docs\/[\w-]+\.md/g)].map((match) => match[0]));
    expect(named.length).toBeGreaterThan(3);
    for (const page of named) {
      expect(page).toMatch(/^node_modules\/watch-digest\/docs\//);
      expect(existsSync(path.join(PACKAGE_ROOT, page.replace('node_modules/watch-digest/', '')))).toBe(true);
    }
  });
});
