import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addItem } from '../../../src/commands/add.js';
import { loadItems } from '../../../src/items/load-items.js';
import { parseItem } from '../../../src/items/parse-item.js';
import { firstSentences, newsBullet, outletFor } from '../../../src/scrape/news-bullet.js';
import { escapeMarkdown } from '../../../src/scrape/plain-text.js';
import { selectWeek } from '../../../src/items/week-membership.js';
import { weekContaining } from '../../../src/shared/week.js';
import { cmsArticle } from '../../helpers/pages.js';
import { fixture } from '../../helpers/fixture.js';
import { html, startHttpServer } from '../../helpers/http.js';

// The article is from 2024-03-05 (week 2024-W10); "today" is in 2024-W20.
const NOW = new Date('2024-05-15T12:00:00Z');
const W20 = weekContaining('2024-05-15', { weekStartsOn: 1, publishDay: 5 });

async function added(options: { kind: 'related' | 'state-dept' | 'news'; week?: string; date?: string }) {
  const server = await startHttpServer({ '/story': html(cmsArticle) });
  const cwd = await fixture({ 'watch-digest.config.json': '{}' });
  const result = await addItem({ cwd, url: server.url('/story'), now: NOW, ...options });
  return { cwd, result, text: await readFile(result.files[0]!, 'utf8') };
}

describe('add', () => {
  it("files a related read in this week's folder, keeping the article's own date, so this week's issue shows it", async () => {
    const { cwd, result, text } = await added({ kind: 'related' });
    expect(result).toMatchObject({ week: '2024-W20', date: '2024-03-05' });
    expect(path.relative(cwd, result.files[0]!)).toBe(path.join('digests', '2024-W20', 'related-envoys-meet-for-first-direct-talks-in-months.md'));
    expect(text).toContain('date: 2024-03-05\n');
    const { items } = await loadItems(path.join(cwd, 'digests'), cwd, { week: W20 });
    expect(selectWeek(items, W20).map((item) => item.kind)).toEqual(['related']);
  });

  it('files it in the week given with --week', async () => {
    const { result } = await added({ kind: 'related', week: '2024-W18' });
    expect(result).toMatchObject({ week: '2024-W18', date: '2024-03-05' });
  });

  it('files it in the week of --date without --week, as any item', async () => {
    const { cwd, result } = await added({ kind: 'related', date: '2024-04-10' });
    expect(result).toMatchObject({ week: '2024-W15', date: '2024-04-10' });
    expect(path.dirname(path.relative(cwd, result.files[0]!))).toBe(path.join('digests', '2024-W15'));
  });

  it('dates any other item inside the --week it is filed in, and refuses a --date outside it', async () => {
    const { result, text } = await added({ kind: 'news', week: '2024-W20' });
    expect(result).toMatchObject({ week: '2024-W20', date: '2024-05-15' });
    expect(text).toContain('date: 2024-05-15\n');
    // The changed date is explained, not made silently.
    expect(result.warnings).toEqual([
      expect.stringMatching(/ is dated 2024-03-05, outside 2024-W20 \(2024-05-13 to 2024-05-19\): the item is dated 2024-05-15 \(today's date\) so that it belongs to 2024-W20; a related read keeps its article's date \(--kind related\)$/),
    ]);
    expect((await added({ kind: 'news', week: '2024-W18' })).result.warnings[0]).toContain("the item is dated 2024-05-03 (the week's publish day)");
    expect((await added({ kind: 'news', week: '2024-W10' })).result.warnings).toEqual([]);
    await expect(added({ kind: 'news', week: '2024-W20', date: '2024-03-05' })).rejects.toThrow('--date 2024-03-05 is outside --week 2024-W20 (2024-05-13 to 2024-05-19)');
  });

  it('writes a State Department note without the url: compose would ignore it with a warning', async () => {
    const { cwd, result, text } = await added({ kind: 'state-dept' });
    expect(text).not.toContain('url:');
    const { warnings } = await loadItems(path.join(cwd, 'digests'), cwd);
    expect(warnings).toEqual([]);
    expect(result.week).toBe('2024-W10');
  });
});

describe('add: a news bullet in the house style pick drafts', () => {
  async function newsFrom(config: object) {
    const server = await startHttpServer({ '/story': html(cmsArticle) });
    const cwd = await fixture({ 'watch-digest.config.json': JSON.stringify(config) });
    const result = await addItem({ cwd, url: server.url('/story'), now: NOW });
    return { url: server.url('/story'), item: parseItem(await readFile(result.files[0]!, 'utf8'), 'news.md').item };
  }

  it('cites the outlet as the config names it, for a page on the site of one of its sources', async () => {
    // The page's canonical address is on news.example.com, as the config's feed is.
    const { url, item } = await newsFrom({ sources: [{ outlet: 'the Example Post', url: 'https://example.com/world/feed.xml' }] });
    const article = await addItem({ cwd: await fixture({}), url, kind: 'related', now: NOW });
    expect(item.body).toMatch(/^A lakeside meeting, .+, according to \[the Example Post\]\(https:\/\/news.example.com\/world\/envoys-meet\)\.$/);
    expect(item.body).toBe(newsBullet(escapeMarkdown(firstSentences(article.article.dek!)), [{ outlet: 'the Example Post', url: article.article.url }]));
    expect(item.source).toBe('the Example Post');
  });

  it("cites the site's own name when no source of the config is on that site", async () => {
    const { item } = await newsFrom({ sources: [{ outlet: 'Other Wire', url: 'https://wire.example/feed.xml' }] });
    expect(item.body).toMatch(/, according to \[The Example Post\]\(https:\/\/news.example.com\/world\/envoys-meet\)\.$/);
    expect(item.source).toBe('The Example Post');
  });
});

describe('outletFor', () => {
  const sources = [
    { outlet: 'Example Ledger', url: 'https://feeds.ledger.example/world.xml' },
    { outlet: 'Harbour Herald', url: 'https://www.herald.example/rss' },
    { outlet: 'Herald Business', url: 'https://business.herald.example/rss' },
  ];
  it('matches the host, else a registrable domain every source on it agrees on, else the site name', () => {
    expect(outletFor('https://herald.example/2024/03/06/x', sources, 'HARBOUR HERALD')).toBe('Harbour Herald');
    expect(outletFor('https://www.ledger.example/2024/x', sources, 'The Ledger')).toBe('Example Ledger');
    expect(outletFor('https://sport.herald.example/x', sources, 'Herald Sport')).toBe('Herald Sport');
    expect(outletFor('https://elsewhere.example/x', sources, undefined)).toBe('elsewhere.example');
  });
});
