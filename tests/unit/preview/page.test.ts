import { describe, expect, it } from 'vitest';
import { previewPage } from '../../../src/preview/page.js';

const finding = (level: 'error' | 'warning') => ({ level, rule: 'link', message: 'an http: link', where: 'issue.html' });

describe('the preview page', () => {
  it('says there is no build yet when compose has never succeeded, and the last good build when there is one', () => {
    const first = previewPage({ week: '2024-W10', version: 1, error: 'No lead item in 2024-W10', findings: [], warnings: [] });
    expect(first).toContain('<b>Compose failed</b> (nothing has built yet: the issue shows here once compose succeeds):');
    expect(first).not.toContain('last good build');
    const later = previewPage({ week: '2024-W10', version: 2, subject: 'S', error: 'No lead item in 2024-W10', findings: [], warnings: [] });
    expect(later).toContain('<b>Compose failed</b> (showing the last good build):');
  });

  it('counts findings in the singular and the plural', () => {
    expect(previewPage({ week: '2024-W10', version: 1, subject: 'S', findings: [finding('warning')], warnings: [] })).toContain('Preflight (0 errors, 1 warning)');
    expect(previewPage({ week: '2024-W10', version: 1, subject: 'S', findings: [finding('error'), finding('warning'), finding('warning')], warnings: [] })).toContain('Preflight (1 error, 2 warnings)');
  });
});
