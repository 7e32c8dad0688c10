// npm run bench (body part): word-shingle precision, recall and F1 (bench/shingles.mjs, the
// measure of the article-extraction benchmarks) of the article body extractArticle gives, beside
// Mozilla Readability's on the same pages, run on linkedom and on jsdom.
//
// Corpora, each a folder of pages with a clean reference text:
//   - ours: tests/fixtures/pages/*.html that have a hand-written `<name>.body.txt` beside them
//     (pages of our own, with navigation, share bars, sign-ups, related lists, ads, cookie notices,
//     subheadings, pull quotes and figures; the reference is the article text a reader would keep);
//   - readability: ../shared/corpora/readability-pages (read in place), each page's expected.html
//     as the reference. That reference is Readability's own output, so Readability scores itself
//     there, and it keeps what a clean text would not (captions, bylines, "Advertisement" labels,
//     share prompts on some pages): read its figures as agreement with Readability, not as truth;
//   - BODY_CORPUS=dir (optional, repeatable with ':'): any folder of `<name>.html` + `<name>.txt`
//     (real pages with gold texts kept outside the project, e.g. under /tmp).
// BENCH_SHOW_MISSES=1 lists each corpus's ten lowest-scoring pages.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { decodeHTML } from 'entities';
import { JSDOM, VirtualConsole } from 'jsdom';
import { DOMParser } from 'linkedom';
import { extractArticle } from '../dist/scrape/extract-article.js';
import { corpusScores, pageF1, shingleMatch } from './shingles.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PAGE_URL = 'http://fakehost/test/page.html';
const BLOCK = /^(p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|tr|td|th|section|article|header|footer|figure|figcaption|br|hr|main|aside|nav)$/i;

/** The text of an HTML fragment, blocks on lines of their own (words never glued across blocks). */
export function htmlText(html) {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/?([a-z0-9]+)\b[^>]*>/gi, (_tag, name) => (BLOCK.test(name) ? '\n' : ''));
  return decodeHTML(text).replace(/[ \t\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

const extractors = {
  'watch-digest': (html) => (extractArticle(html, PAGE_URL)?.paragraphs ?? []).map(htmlText).join('\n'),
  'Readability + linkedom': (html) => {
    const document = new DOMParser().parseFromString(html, 'text/html');
    return htmlText(new Readability(document).parse()?.content ?? '');
  },
  'Readability + jsdom': (html) => {
    const { document } = new JSDOM(html, { url: PAGE_URL, virtualConsole: new VirtualConsole() }).window;
    return htmlText(new Readability(document).parse()?.content ?? '');
  },
};

function corpora() {
  const list = [];
  const fixtures = path.join(root, 'tests/fixtures/pages');
  list.push({
    name: 'our pages (tests/fixtures/pages, hand-written references)',
    pages: readdirSync(fixtures)
      .filter((f) => f.endsWith('.body.txt'))
      .map((f) => ({ name: f.replace(/\.body\.txt$/, ''), html: readFileSync(path.join(fixtures, f.replace(/\.body\.txt$/, '.html')), 'utf8'), reference: readFileSync(path.join(fixtures, f), 'utf8') })),
  });
  const readability = path.resolve(root, '../shared/corpora/readability-pages');
  if (existsSync(readability)) {
    list.push({
      name: `${path.relative(root, readability)} (reference: Readability's expected.html)`,
      pages: readdirSync(readability, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(readability, d.name, 'expected.html')))
        .map((d) => ({ name: d.name, html: readFileSync(path.join(readability, d.name, 'source.html'), 'utf8'), reference: htmlText(readFileSync(path.join(readability, d.name, 'expected.html'), 'utf8')) })),
    });
  }
  for (const dir of (process.env.BODY_CORPUS ?? '').split(':').filter(Boolean)) {
    list.push({
      name: dir,
      pages: readdirSync(dir)
        .filter((f) => f.endsWith('.html') && existsSync(path.join(dir, f.replace(/\.html$/, '.txt'))))
        .map((f) => ({ name: f.replace(/\.html$/, ''), html: readFileSync(path.join(dir, f), 'utf8'), reference: readFileSync(path.join(dir, f.replace(/\.html$/, '.txt')), 'utf8') })),
    });
  }
  return list.filter((c) => c.pages.length > 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) for (const corpus of corpora()) {
  console.log(`body: ${corpus.pages.length} pages of ${corpus.name}`);
  for (const [name, extract] of Object.entries(extractors)) {
    const matches = corpus.pages.map((page) => {
      let text = '';
      try {
        text = extract(page.html);
      } catch {
        // A comparator that throws on a page scores nothing there.
      }
      return shingleMatch(page.reference, text);
    });
    const { precision, recall, f1 } = corpusScores(matches);
    console.log(`  ${name.padEnd(22)} F1 ${f1.toFixed(3)}  (precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)})`);
    if (process.env.BENCH_SHOW_MISSES && name === 'watch-digest') {
      const worst = matches.map((m, i) => ({ name: corpus.pages[i].name, f1: pageF1(m), m })).sort((a, b) => a.f1 - b.f1).slice(0, 10);
      console.log(`      lowest: ${worst.map((w) => `${w.name} ${w.f1.toFixed(2)} (p ${(w.m[0] / (w.m[0] + w.m[1] || 1)).toFixed(2)} r ${(w.m[0] / (w.m[0] + w.m[2] || 1)).toFixed(2)})`).join(', ')}`);
    }
  }
}
