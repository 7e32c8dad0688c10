import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { extractArticle } from './dist/items/scrape/extract-article.js';
const dir = '../shared/corpora/readability-pages';
const field = process.argv[2];
const map = { title: 'title', author: 'byline', site: 'siteName', date: 'publishedTime', dek: 'excerpt' };
for (const name of readdirSync(dir)) {
  if (!existsSync(`${dir}/${name}/expected-metadata.json`)) continue;
  const want = JSON.parse(readFileSync(`${dir}/${name}/expected-metadata.json`, 'utf8'));
  const got = extractArticle(readFileSync(`${dir}/${name}/source.html`, 'utf8'), 'http://fakehost/test/page.html');
  const g = got?.[field] ?? null, w = want[map[field]];
  const n = (v) => (v ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  const ok = field === 'date' ? ((!g && !w) || (g && w && (g.slice(0,10) === w.slice(0,10) || Date.parse(g) === Date.parse(w)))) : n(g) === n(w) || (n(g).slice(0,60) === n(w).slice(0,60) && n(w).length > 40);
  if (!ok) console.log((got ? '' : 'NONE ') + name.padEnd(26), '| got:', JSON.stringify(g)?.slice(0, 60), '| want:', JSON.stringify(w)?.slice(0, 60));
}
