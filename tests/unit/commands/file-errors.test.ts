import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addItem } from '../../../src/commands/add.js';
import { UserError } from '../../../src/shared/errors.js';
import { gather } from '../../../src/commands/gather.js';
import { pickCandidates, readInbox } from '../../../src/commands/pick.js';
import { initNewsletter } from '../../../src/commands/init.js';
import { startFeedServer } from '../../helpers/feed-server.js';
import { fixture } from '../../helpers/fixture.js';
import { html, startHttpServer } from '../../helpers/http.js';
import { cmsArticle } from '../../helpers/pages.js';
import { whileUnwritable } from '../../helpers/unwritable.js';

const NOW = new Date('2024-03-08T12:00:00Z');

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('a file that cannot be written is a user error naming it, not "a bug"', () => {
  it('add: a file where the week folder should be', async () => {
    const server = await startHttpServer({ '/story': html(cmsArticle) });
    const cwd = await fixture({ 'digests/2024-W10': 'not a folder' });
    const error = await userError(addItem({ cwd, url: server.url('/story'), kind: 'lead', now: NOW }));
    expect(error.message).toBe(`${path.join('digests', '2024-W10')}: cannot create the week's folder; nothing was written (EEXIST: a file is in the way)`);
  });

  it('gather: a file where the week folder should be; the inbox is not written', async () => {
    const feeds = await startFeedServer();
    const config = { sources: [{ outlet: 'Example Wire', url: feeds.url('/feeds/wire.rss') }] };
    const cwd = await fixture({ 'watch-digest.config.json': JSON.stringify(config), 'digests/2024-W10': 'not a folder' });
    const error = await userError(gather({ cwd, week: '2024-W10', now: NOW }));
    expect(error.message).toMatch(/^digests\/2024-W10\/inbox.md: cannot write the inbox \(the previous one, if any, is as it was\) \((EEXIST|ENOTDIR): /);
  });

  it('pick: a week folder that refuses new files, naming the item', async () => {
    const feeds = await startFeedServer();
    const config = { sources: [{ outlet: 'Example Wire', url: feeds.url('/feeds/wire.rss') }] };
    const cwd = await fixture({ 'watch-digest.config.json': JSON.stringify(config) });
    const gathered = await gather({ cwd, week: '2024-W10', now: NOW });
    expect(gathered.candidates.length).toBeGreaterThan(0);
    const inbox = await readInbox({ cwd, week: '2024-W10', now: NOW });
    const dir = path.join(cwd, 'digests', '2024-W10');
    const error = await whileUnwritable(dir, () => userError(pickCandidates(inbox, [{ number: 1, kind: 'news' }])));
    expect(error.message).toMatch(/^digests\/2024-W10\/news-[a-z0-9-]+\.md: cannot write the item for candidate 1 \((EACCES: permission denied|EPERM: permission denied)\)$/);
    expect(await readdir(dir)).toEqual(['inbox.md']);
  });

  it('init: a file where a folder should be, listing what was created', async () => {
    const cwd = await fixture({ 'paper/templates': 'not a folder' });
    const dir = path.join(cwd, 'paper');
    const error = await userError(initNewsletter({ dir, name: 'The Paper', from: 'news@example.org', dependency: 'watch-digest@^0.1.0', now: NOW }));
    expect(error.message).toMatch(new RegExp(`^${dir}/templates/[a-z/.-]+: cannot write it \\((EEXIST|ENOTDIR): `));
    expect(error.details).toContain('created already: watch-digest.config.json');
  });
});
