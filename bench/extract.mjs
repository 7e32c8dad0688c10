// npm run bench (extraction part): per-field agreement of extractArticle with the reference
// metadata of ../shared/corpora/readability-pages (read in place), and pages per second.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArticle } from '../dist/items/scrape/extract-article.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = path.resolve(root, process.env.CORPUS ?? '../shared/corpora/readability-pages');
if (!existsSync(corpus)) {
  console.log(`extraction: corpus not found at ${corpus}; skipped`);
  process.exit(0);
}
const PAGE_URL = 'http://fakehost/test/page.html';
const pages = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(corpus, d.name, 'expected-metadata.json')))
  .map((d) => ({
    name: d.name,
    html: readFileSync(path.join(corpus, d.name, 'source.html'), 'utf8'),
    expected: JSON.parse(readFileSync(path.join(corpus, d.name, 'expected-metadata.json'), 'utf8')),
  }));

const norm = (value) => (value ?? '').normalize('NFKC').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/…$/, '').replace(/\s+/g, ' ').trim().toLowerCase();
const sameDay = (a, b) => (!a && !b) || (a && b && (a.slice(0, 10) === b.slice(0, 10) || Date.parse(a) === Date.parse(b)));
// Excerpts: the reference truncates long first paragraphs, so a shared opening counts.
const sameText = (a, b) => norm(a) === norm(b) || (norm(a).length > 40 && norm(b).length > 40 && (norm(a).startsWith(norm(b).slice(0, 60)) || norm(b).startsWith(norm(a).slice(0, 60))));
const FIELDS = {
  title: (got, want) => norm(got.title) === norm(want.title),
  // A leading "By" is how a byline reads, not part of the name.
  author: (got, want) => norm(got.author) === norm(want.byline).replace(/^(by|par|von)\s+/, ''),
  summary: (got, want) => sameText(got.dek, want.excerpt),
  site: (got, want) => norm(got.site) === norm(want.siteName),
  date: (got, want) => sameDay(got.date, want.publishedTime),
};

const agree = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, 0]));
const misses = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, []]));
let none = 0;
const started = performance.now();
const results = pages.map((page) => extractArticle(page.html, PAGE_URL));
const seconds = (performance.now() - started) / 1000;
pages.forEach((page, i) => {
  const got = results[i] ?? {};
  if (!results[i]) none++;
  for (const [field, same] of Object.entries(FIELDS)) {
    if (same(got, page.expected)) agree[field]++;
    else misses[field].push(page.name);
  }
});
console.log(`extraction: ${pages.length} pages of ${path.relative(root, corpus)}, ${(pages.length / seconds).toFixed(0)} pages/s (${((seconds * 1000) / pages.length).toFixed(1)} ms/page), ${none} without an article`);
for (const field of Object.keys(FIELDS)) {
  console.log(`  ${field.padEnd(8)} ${((100 * agree[field]) / pages.length).toFixed(1).padStart(5)}% agree (${agree[field]}/${pages.length})`);
}
if (process.env.BENCH_SHOW_MISSES) for (const [field, names] of Object.entries(misses)) console.log(`  ${field} misses: ${names.join(' ')}`);
