import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIssue } from '../../../src/commands/check.js';
import { compose } from '../../../src/commands/compose.js';
import { fixture } from '../../helpers/fixture.js';
import { LIVE_DOMAIN, liveConfig, liveWeek } from '../../helpers/live-project.js';

describe('check without issue.mjml', () => {
  it('skips the MJML rule with a note and checks the rest: issue.html is what is sent', async () => {
    const cwd = await fixture({ ...liveWeek('2024-03-06'), 'watch-digest.config.json': liveConfig(`https://unsubscribe.${LIVE_DOMAIN}/u?token={token}`) });
    await compose({ cwd, week: '2024-W10' });
    await rm(path.join(cwd, 'digests/2024-W10/issue.mjml'));
    const report = await checkIssue({ cwd, week: '2024-W10', env: {} });
    expect(report.notes).toContain(
      `${path.join('digests', '2024-W10', 'issue.mjml')} cannot be read (ENOENT): MJML validation skipped (issue.html is what is sent; compose again to rebuild issue.mjml)`,
    );
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([]);
  });
});
