#!/usr/bin/env node
// Development only: reads every feed under the given folders as `gather` does (the built
// decodeBody, parseFeedEntries, toSourceEntries and parseEntryDate of dist/) and with the two
// reference parsers (scripts/feed-references.mjs), and compares entry by entry: title as a
// reader sees it, link (absolute), date (the same instant; the same day for a date without a
// time). Counts agreement where both references agree, per folder and field; a dropped entry
// counts as wrong. Also: feeds we refuse that both references read, and markup or control
// characters left in our titles and summaries.
//
//   npm run build && RSS_PARSER_DIR=/tmp/somewhere node scripts/feed-compare.mjs DIR [DIR...] [--list | --list-all]
//
// --list names every entry where we differ from both references, or from the two where they
// agree; --list-all also where we differ from either one.
// A file X.json beside X.xml, and *_expected.json, are a test suite's expected output, not feeds.
process.env.TZ = 'UTC';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feedparserEntries, leak, readerText, resolved, rssParserEntries } from './feed-references.mjs';

// DIST names another build to measure (an earlier commit's, for figures before and after).
const dist = process.env.DIST ? path.resolve(process.env.DIST) : path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const { decodeBody } = await import(path.join(dist, 'web/decode-body.js'));
const { parseFeedEntries } = await import(path.join(dist, 'gather/parse-feed.js'));
const { toSourceEntries } = await import(path.join(dist, 'gather/entry-text.js'));
const { parseEntryDate, IMPOSSIBLE } = await import(path.join(dist, 'gather/parse-date.js'));

const FIELDS = ['title', 'link', 'date'];

function feedFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) files.push(...feedFiles(file));
    else if (/\.(xml|rss|atom|rdf|json|html?)$/i.test(name) && !/_expected\.json$/.test(name) && !(name.endsWith('.json') && existsSync(file.replace(/\.json$/, '.xml')))) files.push(file);
  }
  return files;
}

/** Our reading, as gather does it: entries with plain text, absolute link and the first date that reads. */
function oursOf(bytes, url) {
  const { entries } = parseFeedEntries(decodeBody(bytes, ''), url);
  return toSourceEntries(entries).map((entry) => {
    let date = null;
    for (const text of entry.dates) {
      const parsed = parseEntryDate(text, 'UTC');
      if (parsed && parsed !== IMPOSSIBLE) {
        date = parsed;
        break;
      }
    }
    return { title: entry.title, link: entry.url, summary: entry.summary, date };
  });
}

/** Where the feed pretends to be served from: the base of its relative links, for every parser alike. */
const feedUrl = (root, file) => `https://feeds.example/${path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/')}`;
const second = (ms) => (ms == null || Number.isNaN(ms) ? null : Math.floor(ms / 1000));
const utcDay = (ms) => new Date(ms).toISOString().slice(0, 10);

function sameDate(ours, ms) {
  if (ms == null) return !ours;
  if (!ours) return false;
  return ours.time === undefined ? ours.day === utcDay(ms) : second(ours.instant) === second(ms);
}

/** An untitled entry may be titled by the opening words of the text a reader shows for it. */
function openingOf(title, text) {
  const words = title.replace(/…$/, '');
  return words.length > 0 && typeof text === 'string' && text.startsWith(words);
}

function sameValue(field, ours, ref) {
  if (!ours) return false;
  if (field === 'date') return sameDate(ours.date, ref.date);
  return ours[field] === ref[field] || (field === 'title' && ref.title === '' && openingOf(ours.title, ref.summary));
}

/** Each reference entry's counterpart among ours: by position when the counts match, else by link or title in order. */
function align(refs, ours) {
  if (refs.length === ours.length) return refs.map((_, i) => i);
  let next = 0;
  return refs.map((ref) => {
    for (let j = next; j < ours.length; j++) {
      if ((ref.link && ours[j].link === ref.link) || (ref.title && ours[j].title === ref.title)) {
        next = j + 1;
        return j;
      }
    }
    return -1;
  });
}

const tally = () => Object.fromEntries([...FIELDS, 'entry'].map((f) => [f, { n: 0, ok: 0 }]));

function newStats() {
  return { feeds: 0, entries: 0, empty: 0, lost: 0, both: tally(), fp: tally(), rp: tally(), refsDiffer: 0, refused: [], leaks: [], notes: [] };
}

function countAgainst(t, ours, ref, fields = FIELDS) {
  for (const f of fields) {
    t[f].n++;
    if (sameValue(f, ours, ref)) t[f].ok++;
  }
}

/** One feed's entries against both references. */
function compareFeed(stats, name, ours, fp, rp, match) {
  const refs = fp.map((e, i) => ({ fp: e, rp: rp[i] }));
  refs.forEach(({ fp: a, rp: b }, i) => {
    // Nothing any reader could show (a test feed's entry of one unread element): no entry to compare.
    if (!a.title && !a.link && a.date == null && (!b || (!b.title && !b.link && b.date == null))) return stats.empty++;
    const mine = match[i] >= 0 ? ours[match[i]] : undefined;
    countAgainst(stats.fp, mine, a);
    const agreed = b ? FIELDS.filter((f) => (f === 'date' ? second(a.date) === second(b.date) : a[f] === b[f])) : [];
    if (b) countAgainst(stats.rp, mine, b);
    countAgainst(stats.both, mine, a, agreed);
    if (b && agreed.length < FIELDS.length) stats.refsDiffer++;
    for (const f of FIELDS) {
      const fine = agreed.includes(f) || !LIST_ALL ? sameValue(f, mine, a) || (!agreed.includes(f) && b && sameValue(f, mine, b)) : sameValue(f, mine, a) && (!b || sameValue(f, mine, b));
      if (fine) continue;
      const theirs = agreed.includes(f) ? `both ${show(a, f)}` : `feedparser ${show(a, f)} | rss-parser ${b ? show(b, f) : '(none)'}`;
      stats.notes.push(`${agreed.includes(f) ? '' : '(refs differ) '}${name}#${i} ${f}: ours ${show(mine, f)} | ${theirs}`);
    }
    // gather leaves out an entry without a title, a link or a date: one a reader lists, with a link and a date, is lost.
    const lost = a.link && a.date != null && !(mine?.title && mine.link && mine.date);
    if (lost && agreed.includes('link') && agreed.includes('date')) {
      stats.lost++;
      stats.notes.push(`${name}#${i} left out by gather: ${show(mine, 'title')} ${show(mine, 'link')} ${show(mine, 'date')}`);
    }
    if (agreed.length === FIELDS.length) {
      stats.both.entry.n++;
      if (!lost && FIELDS.every((f) => sameValue(f, mine, a))) stats.both.entry.ok++;
    }
  });
}

function show(entry, field) {
  if (!entry) return '(dropped)';
  const value = entry[field];
  if (field === 'date') return value == null ? 'none' : typeof value === 'number' ? new Date(value).toISOString() : `${value.day} ${value.time ?? ''}`.trim();
  return JSON.stringify(value);
}

async function compareFile(stats, file, root, reference) {
  const name = path.relative(root, file);
  const url = feedUrl(root, file);
  const bytes = readFileSync(file);
  const fp = (reference.entries ?? []).map((e) => ({ title: readerText(e.title, e.titleType), link: resolved(e.link, url), summary: readerText(e.summary, e.summaryType), date: e.date }));
  const rpRead = await rssParserEntries(bytes, url);
  const rp = rpRead.entries.map((e) => ({ title: readerText(e.title), link: e.link, summary: readerText(e.summary), date: e.date }));
  let ours;
  try {
    ours = oursOf(bytes, url);
  } catch (error) {
    ours = [];
    if (fp.length && rp.length) stats.refused.push(`${name}: ${error.message}`);
  }
  stats.feeds++;
  stats.entries += Math.max(fp.length, rp.length);
  const match = align(fp, ours);
  for (const [i, entry] of ours.entries()) {
    const ref = fp[match.indexOf(i)];
    for (const field of ['title', 'summary']) {
      const found = leak(entry[field], field === 'title' && ref && !ref.title ? ref.summary : ref?.[field]);
      if (found) stats.leaks.push(`${name}#${i} ${field}: ${JSON.stringify(found)} in ${JSON.stringify(entry[field].slice(0, 100))}`);
    }
  }
  if (fp.length !== rp.length && !rpRead.error) stats.notes.push(`${name}: references list ${fp.length} and ${rp.length} entries`);
  compareFeed(stats, name, ours, fp, rpRead.error ? [] : rp, match);
}

const pct = ({ n, ok }) => (n ? `${((100 * ok) / n).toFixed(1)} % of ${n}` : '-');

function report(label, s, list) {
  console.log(`\n${label}: ${s.feeds} feeds, ${s.entries} entries (${s.empty} with no title, link or date); references disagree on some field of ${s.refsDiffer}`);
  for (const [who, t] of [['both agree', s.both], ['feedparser', s.fp], ['rss-parser', s.rp]]) {
    console.log(`  vs ${who.padEnd(11)} ${[...FIELDS, 'entry'].map((f) => `${f} ${pct(t[f])}`).join('; ')}`);
  }
  console.log(`  refused while both read: ${s.refused.length}; entries both list with a link and date that gather leaves out: ${s.lost}; markup or control leaks: ${s.leaks.length}`);
  if (list) for (const line of [...s.refused.map((r) => `REFUSED ${r}`), ...s.leaks.map((l) => `LEAK ${l}`), ...s.notes]) console.log(`    ${line}`);
}

function merge(into, s) {
  for (const key of ['feeds', 'entries', 'empty', 'lost', 'refsDiffer']) into[key] += s[key];
  for (const who of ['both', 'fp', 'rp']) for (const f of Object.keys(into[who])) for (const k of ['n', 'ok']) into[who][f][k] += s[who][f][k];
  for (const key of ['refused', 'leaks', 'notes']) into[key].push(...s[key]);
}

const args = process.argv.slice(2);
const LIST_ALL = args.includes('--list-all');
const list = LIST_ALL || args.includes('--list');
for (const dir of args.filter((a) => !a.startsWith('--'))) {
  const files = feedFiles(dir);
  const root = path.resolve(dir);
  const references = feedparserEntries(files.map((file) => [file, feedUrl(root, file)]));
  const byFolder = new Map();
  for (const [i, file] of files.entries()) {
    const folder = path.relative(root, path.dirname(file)) || '.';
    if (!byFolder.has(folder)) byFolder.set(folder, newStats());
    await compareFile(byFolder.get(folder), file, root, references[i]);
  }
  const total = newStats();
  for (const [folder, stats] of byFolder) {
    report(`${path.basename(root)}/${folder}`, stats, list);
    merge(total, stats);
  }
  if (byFolder.size > 1) report(`${path.basename(root)} (all)`, total, false);
}
