import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { extractArticle } from './dist/items/scrape/extract-article.js';
const dir = '../shared/corpora/readability-pages';
const field = process.argv[2];
for (const name of readdirSync(dir)) {
  if (!existsSync(`${dir}/${name}/expected-metadata.json`)) continue;
  const want = JSON.parse(readFileSync(`${dir}/${name}/expected-metadata.json`, 'utf8'));
  const got = extractArticle(readFileSync(`${dir}/${name}/source.html`, 'utf8'), 'http://fakehost/test/page.html');
  const map = { title: 'title', author: 'byline', site: 'siteName', date: 'publishedTime', dek: 'excerpt' };
  const g = got?.[field] ?? null, w = want[map[field]];
  const n = (v) => (v ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  if (!got) console.log('NONE', name, JSON.stringify(w)?.slice(0, 80));
  else if (n(g) !== n(w)) console.log(name.padEnd(28), '| got:', JSON.stringify(g)?.slice(0, 70), '| want:', JSON.stringify(w)?.slice(0, 70));
}
