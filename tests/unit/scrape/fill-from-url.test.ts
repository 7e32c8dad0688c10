import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../../../src/commands/compose.js';
import { UserError } from '../../../src/shared/errors.js';
import { fixture, item, weekOf } from '../../helpers/fixture.js';
import { html, startHttpServer } from '../../helpers/http.js';

const paragraph = (text: string) => `<p>${`${text} `.repeat(4).trim()}</p>`;
const UNTITLED = `<!doctype html><html><head><meta charset="utf-8"></head><body><article>${paragraph('Envoys from both sides met again on Tuesday after a pause of several months.')}${paragraph('A second paragraph says what the two delegations agreed and what they left open.')}</article></body></html>`;

describe('URL-only items filled at compose time', () => {
  it('asks for a `title:` when the page of a URL-only lead states none, instead of crashing', async () => {
    const server = await startHttpServer({ '/untitled': html(UNTITLED) });
    const { 'digests/lead.md': _lead, ...rest } = weekOf();
    const root = await fixture({ ...rest, 'digests/lead.md': item({ kind: 'lead', date: '2024-03-06', url: server.url('/untitled') }) });
    const error = await buildIssue({ cwd: root, week: '2024-W10' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`digests/lead.md: ${server.url('/untitled')} states no title, which the lead needs as its headline`);
    expect((error as UserError).hint).toContain('`title:`');

    // With a title of its own, the page fills the rest.
    await writeFile(path.join(root, 'digests/lead.md'), item({ kind: 'lead', date: '2024-03-06', title: 'Talks resume', url: server.url('/untitled') }));
    const built = await buildIssue({ cwd: root, week: '2024-W10' });
    expect(built.issue.lead.title).toBe('Talks resume');
    expect(built.issue.lead.html).toContain('Envoys from both sides met again');
  });
});
