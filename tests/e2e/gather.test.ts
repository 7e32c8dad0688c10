import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInbox } from '../../src/gather/inbox.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { fixture, item, runCli } from '../helpers/fixture.js';

const WEEK = '2024-W10';
const INBOX = `digests/${WEEK}/inbox.md`;

/** A newsletter following the fixture feeds: six that work, a listing page, the State Department, and five that fail. */
function project(server: FeedServer, options: { failing?: boolean } = {}): Promise<string> {
  const base = server.base;
  const failing = [
    { outlet: 'Broken Feed', url: `${base}/feeds/broken.xml` },
    { outlet: 'Failing Wire', url: `${base}/feeds/failing.rss` },
    { outlet: 'Slow Wire', url: `${base}/feeds/slow.rss` },
    { outlet: 'Example Post', url: `${base}/post/world/` },
    { outlet: 'Missing Feed', url: `${base}/feeds/missing.rss` },
  ];
  const config = {
    name: 'Test Digest',
    timeZone: 'America/New_York',
    scrape: { timeoutSeconds: 2 },
    filters: { exclude: ['football', 'celebrit*'] },
    sources: [
      { outlet: 'Example Wire', url: `${base}/feeds/wire.rss` },
      { outlet: 'The Sample Times', url: `${base}/feeds/times.atom`, include: ['Senegal', 'envoy*'] },
      { outlet: 'Example Daily', url: `${base}/feeds/daily.json`, exclude: ['Iran'] },
      { outlet: 'Undated Review', url: `${base}/feeds/review.rss` },
      {
        outlet: 'Example Institute',
        type: 'listing',
        kind: 'related',
        url: `${base}/institute/publications`,
        listing: { entries: 'article.teaser', link: 'h3 a', summary: '.teaser-summary' },
      },
      { outlet: 'Café Gazette', url: `${base}/feeds/gazette.rss` },
      { type: 'state-dept', url: `${base}/department-press-briefings/` },
      ...(options.failing === false ? [] : failing),
    ],
  };
  return fixture({
    'watch-digest.config.json': JSON.stringify(config, null, 2),
    // Already used: an item the editor wrote this week, and an item of last week's built issue.
    [`digests/${WEEK}/customs.md`]: item({ kind: 'news', date: '2024-03-07', url: `${base}/wire/customs-talks`, source: 'Example Wire' }, 'Customs talks resumed.'),
    'digests/2024-W09/issue.json': JSON.stringify({ week: '2024-W09', items: [{ kind: 'news', file: 'digests/2024-W09/water.md', url: `${base}/review/water-accord` }] }),
  });
}

describe('watch-digest gather', () => {
  it('writes exactly the in-week, on-topic, unused, folded candidates, newest first, and lists every failure', async () => {
    const server = await startFeedServer();
    const dir = await project(server);
    const run = await runCli(['gather', '--week', WEEK], dir);
    expect(run.code, run.stderr).toBe(0);

    const inbox = await readFile(path.join(dir, INBOX), 'utf8');
    const candidates = parseInbox(inbox);
    expect(candidates.map((c) => [c.number, c.kind, c.title, c.links.map((l) => l.outlet)])).toEqual([
      [1, 'state-dept', 'State Department note (draft)', ['State Department']],
      [2, 'news', 'Late statement on the ceasefire monitors', ['Example Wire']],
      [3, 'news', 'Parliamentarians agree to keep talking', ['Example Daily']],
      [4, 'news', 'Sénégal hosts a regional mediation round', ['The Sample Times']],
      [5, 'news', 'Café diplomacy in Genève', ['Café Gazette']],
      [6, 'related', 'Reading the new arms-control proposal', ['Example Institute']],
      [7, 'news', 'Grain corridor through the Black Sea reopens', ['Example Wire', 'Example Daily']],
      [8, 'news', 'Iranian delegation visits Oman', ['Example Daily']],
      [9, 'news', 'Envoys meet for first direct talks in months', ['Example Wire', 'The Sample Times']],
    ]);
    // Dates placed in New York: Sunday 22:30 EDT (Monday in UTC) is still this week; Monday 03:00 GMT was Sunday of the week before.
    expect(candidates[1]).toMatchObject({ day: '2024-03-10', time: '22:30' });
    expect(inbox).not.toContain('Ministers arrive');
    // Relative Atom links resolved, tracking parameters kept as published in the inbox, folded links all listed.
    expect(candidates[3]!.links[0]!.url).toBe(`${server.base}/times/2024/03/07/senegal-mediation`);
    expect(candidates[6]!.links.map((l) => l.url)).toEqual([`${server.base}/wire/grain-corridor`, `${server.base}/wire/grain-corridor?utm_source=daily&utm_campaign=morning`]);
    // Sanitised like item HTML: the script in a summary is gone, its text with it.
    expect(candidates[1]!.summary).toBe('The monitoring mission said its teams would stay another month.');
    expect(inbox).not.toMatch(/alert|<script/);
    // The State Department's two briefings this week, each day linked to its transcript.
    expect(candidates[0]!.draft).toBe(
      `The State Department held two press briefings this week, on [Tuesday](${server.base}/briefings/department-press-briefing-march-5-2024/) and [Thursday](${server.base}/briefings/department-press-briefing-march-7-2024/).`,
    );
    expect(inbox).toContain('## Not gathered');

    // One line per failed source, naming it and saying what to do.
    const failures = run.stderr.split('\n').filter((line) => /^warning: source "[^"]+" failed: /.test(line));
    expect(failures).toHaveLength(5);
    expect(run.stderr).toMatch(/warning: source "Broken Feed" failed: .*broken\.xml: not a feed: malformed XML at line 6.*tell its owner/);
    expect(run.stderr).toMatch(/warning: source "Failing Wire" failed: .*HTTP 500/);
    expect(run.stderr).toMatch(/warning: source "Slow Wire" failed: .*no answer within 2 s/);
    expect(run.stderr).toMatch(new RegExp(`warning: source "Example Post" failed: .*an HTML page\\. The page names its feed: use "url": "${server.base}/post/world/feed.xml"`));
    expect(run.stderr).toMatch(/warning: source "Missing Feed" failed: .*HTTP 404/);
    expect(run.stderr).toMatch(/warning: source "Undated Review": 1 of 2 entries have no date/);

    // The per-source summary.
    expect(run.stdout).toContain(`Gathered ${WEEK} (2024-03-04 to 2024-03-10) from 12 sources: 7 fetched, 0 unchanged, 5 failed`);
    expect(run.stdout).toMatch(/Example Wire\s+7 entries: 3 kept, 1 filtered, 1 already used, 2 outside the week/);
    expect(run.stdout).toMatch(/The Sample Times\s+4 entries: 2 kept, 2 filtered/);
    expect(run.stdout).toMatch(/State Department\s+4 entries: 2 briefings this week/);
    expect(run.stdout).toContain(`Wrote ${INBOX}: 8 candidates and the State Department note`);
  }, 60_000);

  it('asks again with conditional requests and rewrites nothing that did not change', async () => {
    const server = await startFeedServer();
    const dir = await project(server);
    expect((await runCli(['gather', '--week', WEEK], dir)).code).toBe(0);
    const before = await stat(path.join(dir, INBOX));
    const firstRequests = server.requests.length;

    const again = await runCli(['gather', '--week', WEEK, '--json'], dir);
    expect(again.code, again.stderr).toBe(0);
    const second = server.requests.slice(firstRequests).filter((r) => r.status !== 500 && r.status !== 0);
    const feeds = ['/feeds/wire.rss', '/feeds/times.atom', '/feeds/daily.json', '/feeds/review.rss', '/feeds/gazette.rss', '/institute/publications', '/department-press-briefings/'];
    for (const feed of feeds) {
      const request = second.find((r) => r.path === feed);
      expect(request, feed).toBeDefined();
      expect(request!.ifNoneMatch ?? request!.ifModifiedSince, feed).toBeTruthy();
      expect(request!.status, feed).toBe(304);
    }
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ week: WEEK, written: false, allFailed: false });
    expect(summary.candidates).toHaveLength(9);
    expect(summary.sources.filter((s: { status: string }) => s.status === 'unchanged')).toHaveLength(7);
    expect((await stat(path.join(dir, INBOX))).mtimeMs).toBe(before.mtimeMs);
  }, 120_000);

  it('exits 1 when every source fails, and leaves the previous inbox alone', async () => {
    const server = await startFeedServer();
    const dir = await fixture({
      'watch-digest.config.json': JSON.stringify({
        sources: [
          { outlet: 'Failing Wire', url: `${server.base}/feeds/failing.rss` },
          { outlet: 'Missing Feed', url: `${server.base}/feeds/missing.rss` },
        ],
      }),
      [`digests/${WEEK}/inbox.md`]: '# kept as it was\n',
    });
    const run = await runCli(['gather', '--week', WEEK], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: source "Failing Wire" failed: .*HTTP 500/);
    expect(run.stderr).toMatch(/error: source "Missing Feed" failed: .*HTTP 404.*Check the address/);
    expect(run.stderr).toContain(`error: every source failed; nothing was gathered and digests/${WEEK}/inbox.md was left as it was.`);
    expect(await readFile(path.join(dir, INBOX), 'utf8')).toBe('# kept as it was\n');
    // With no earlier inbox there is nothing to leave as it was.
    await rm(path.join(dir, INBOX));
    const first = await runCli(['gather', '--week', WEEK], dir);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('error: every source failed; nothing was gathered, and no inbox was written.');
  });

  it('drafts "did not hold a press briefing" for a week without briefings', async () => {
    const server = await startFeedServer();
    const dir = await fixture({ 'watch-digest.config.json': JSON.stringify({ timeZone: 'America/New_York', sources: [{ type: 'state-dept', url: `${server.base}/department-press-briefings/` }] }) });
    const run = await runCli(['gather', '--week', '2024-W11'], dir);
    expect(run.code, run.stderr).toBe(0);
    const [note] = parseInbox(await readFile(path.join(dir, 'digests/2024-W11/inbox.md'), 'utf8'));
    expect(note).toMatchObject({ number: 1, kind: 'state-dept', draft: 'The State Department did not hold a press briefing this week.', day: '2024-03-15' });
  });

  it('says what to do when the config has no sources, or a source is misconfigured', async () => {
    const none = await runCli(['gather'], await fixture({ 'watch-digest.config.json': '{}' }));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error: watch-digest.config.json: no "sources" to gather from');
    expect(none.stderr).toContain('hint: Add the feeds and listing pages you follow under "sources" in watch-digest.config.json');

    const bad = await runCli(['gather'], await fixture({ 'watch-digest.config.json': JSON.stringify({ sources: [{ url: 'https://example.org/feed' }, { type: 'listing', outlet: 'X', url: 'https://example.org/' }] }) }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('sources.0.outlet: required: the name to cite, as in "according to <outlet>"');
    expect(bad.stderr).toContain('sources.1.listing: required for a listing page');
  });
});

describe('watch-digest pick', () => {
  it('turns candidates into items with drafted bullets that compose into the issue', async () => {
    const server = await startFeedServer();
    const dir = await project(server, { failing: false });
    expect((await runCli(['gather', '--week', WEEK], dir)).code).toBe(0);

    const news = await runCli(['pick', '9', '7', '--as', 'news', '--week', WEEK], dir);
    expect(news.code, news.stderr).toBe(0);
    const lead = await runCli(['pick', '3', '--as', 'lead', '--week', WEEK], dir);
    expect(lead.code, lead.stderr).toBe(0);
    const rest = await runCli(['pick', '6', '1', '--week', WEEK, '--json'], dir);
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout).items.map((i: { kind: string; file: string }) => [i.kind, i.file])).toEqual([
      ['related', `digests/${WEEK}/related-reading-the-new-arms-control-proposal.md`],
      ['state-dept', `digests/${WEEK}/state-dept.md`],
    ]);

    // The gist from the article, then the house attribution with the link on the outlets' names.
    const envoys = await readFile(path.join(dir, `digests/${WEEK}/news-envoys-meet-for-first-direct-talks-in-months.md`), 'utf8');
    expect(envoys).toContain(`url: ${server.base}/wire/envoys-meet\n`);
    expect(envoys).toContain('source: Example Wire\n');
    expect(envoys).toContain(
      `Envoys from the two governments met face to face on Tuesday for the first time since October. Both delegations called the session "businesslike" and agreed to meet again within a fortnight, according to [Example Wire](${server.base}/wire/envoys-meet) and [The Sample Times](${server.base}/times/2024/03/05/envoys-talks).`,
    );
    // An article that cannot be fetched is drafted from the inbox, with a warning naming it.
    expect(news.stderr).toMatch(/warning: 7\. .*grain-corridor: HTTP 404.*drafted from the inbox/);
    const grain = await readFile(path.join(dir, `digests/${WEEK}/news-grain-corridor-through-the-black-sea-reopens.md`), 'utf8');
    expect(grain).toContain(`Ships queued at the strait as insurers returned & port fees fell, according to [Example Wire](${server.base}/wire/grain-corridor).`);
    expect(news.stdout).toContain(`Wrote 2 items for ${WEEK}.`);
    const leadItem = await readFile(path.join(dir, `digests/${WEEK}/lead-parliamentarians-agree-to-keep-talking.md`), 'utf8');
    expect(leadItem).toMatch(/title: Parliamentarians agree to keep talking\ndek: Two neighbouring parliaments ended a tense forum/);
    expect(leadItem).toContain('author: Tomas Fell');

    // Picked again: nothing is overwritten, and the used candidate is skipped with the file named.
    const again = await runCli(['pick', '9', '--week', WEEK], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`9. skipped: already used in digests/${WEEK}/news-envoys-meet-for-first-direct-talks-in-months.md`);

    const compose = await runCli(['compose', '--week', WEEK], dir);
    expect(compose.code, compose.stderr).toBe(0);
    const html = await readFile(path.join(dir, `digests/${WEEK}/issue.html`), 'utf8');
    expect(html).toContain('Parliamentarians agree to keep talking');
    expect(html).toMatch(new RegExp(`according to <a href="${server.base}/wire/envoys-meet"[^>]*>Example Wire</a>`));
    expect(html).toContain('The State Department held two press briefings this week');
    expect(html).toContain('Reading the new arms-control proposal');
    const manifest = JSON.parse(await readFile(path.join(dir, `digests/${WEEK}/issue.json`), 'utf8'));
    expect(manifest.items.map((i: { kind: string }) => i.kind)).toEqual(['lead', 'news', 'news', 'news', 'state-dept', 'related']);

    // The next gather leaves out what was picked.
    await runCli(['gather', '--week', WEEK], dir);
    const titles = parseInbox(await readFile(path.join(dir, INBOX), 'utf8')).map((c) => c.title);
    expect(titles).not.toContain('Envoys meet for first direct talks in months');
    expect(titles).not.toContain('State Department note (draft)');
    expect(titles).toContain('Iranian delegation visits Oman');
  }, 120_000);

  it('refuses bad numbers and needs numbers off a terminal', async () => {
    const server = await startFeedServer();
    const dir = await project(server);
    const noInbox = await runCli(['pick', '2', '--week', WEEK], dir);
    expect(noInbox.code).toBe(1);
    expect(noInbox.stderr).toContain(`error: digests/${WEEK}/inbox.md: no inbox for ${WEEK}`);
    expect(noInbox.stderr).toContain(`hint: Run \`watch-digest gather --week ${WEEK}\` first.`);

    await writeFile(path.join(dir, INBOX), '# Inbox\n\n## 1. A story\n\nnews · Tue 2024-03-05 · Wire\n\nText.\n\n- Wire: <https://example.org/a>\n');
    const missing = await runCli(['pick', '4', '--week', WEEK], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('candidate 4 is not in inbox.md for 2024-W10 (numbers: 1 to 1)');
    const word = await runCli(['pick', 'two', '--week', WEEK], dir);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('"two" is not a candidate number');
    const interactive = await runCli(['pick', '--week', WEEK], dir);
    expect(interactive.code).toBe(2);
    expect(interactive.stderr).toContain('pick needs candidate numbers when not run on a terminal');
  });
});
