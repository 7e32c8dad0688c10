// Development only (never a runtime dependency): what the two reference parsers read from a feed,
// entry by entry, for scripts/feed-compare.mjs. Python feedparser 6 (`python3 -c 'import
// feedparser'`; PYTHON names another interpreter) and rss-parser (npm, installed outside the project: RSS_PARSER_DIR names the
// folder whose node_modules holds it). Each entry: title and link as given, date as an instant.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { decodeHTML } from 'entities';

const FEEDPARSER = String.raw`
import sys, json, calendar, feedparser
out = []
for file, url in json.load(sys.stdin):
    try:
        d = feedparser.parse(open(file, 'rb').read(), response_headers={'content-location': url})
    except Exception as error:
        out.append({'error': str(error), 'entries': []})
        continue
    entries = []
    for e in d.entries:
        t = e.get('published_parsed') or e.get('updated_parsed') or e.get('created_parsed')
        kind = lambda field: (e.get(field + '_detail') or {}).get('type')
        entries.append({'title': e.get('title'), 'titleType': kind('title'), 'link': e.get('link'), 'summary': e.get('summary'), 'summaryType': kind('summary'), 'date': calendar.timegm(t) * 1000 if t else None})
    out.append({'version': d.get('version', ''), 'bozo': bool(d.bozo), 'entries': entries})
json.dump(out, sys.stdout)
`;

// Debian's python3-feedparser lives with the system Python, which a version manager's python3 may hide.
const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** feedparser's reading of each [file, url], in order; the url is the base of relative links. */
export function feedparserEntries(jobs) {
  const result = spawnSync(PYTHON, ['-c', FEEDPARSER], { input: JSON.stringify(jobs), maxBuffer: 1 << 30, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`feedparser failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** rss-parser's reading of a feed's bytes (decoded by their BOM or XML declaration, as it has no decoder of its own). */
export async function rssParserEntries(bytes, url) {
  const dir = process.env.RSS_PARSER_DIR;
  if (!dir) throw new Error('Set RSS_PARSER_DIR to a folder where `npm install rss-parser` was run (outside the project).');
  const Parser = createRequire(path.join(path.resolve(dir), 'package.json'))('rss-parser');
  try {
    const feed = await new Parser().parseString(decodeDeclared(bytes));
    return {
      entries: feed.items.map((item) => ({
        title: stringOf(item.title),
        link: resolved(stringOf(item.link), url),
        summary: stringOf(item.content ?? item.summary),
        date: item.isoDate ? Date.parse(item.isoDate) : null,
      })),
    };
  } catch (error) {
    return { error: String(error.message).slice(0, 120), entries: [] };
  }
}

function decodeDeclared(bytes) {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb ? 'utf-8' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : undefined;
  const declared = /^\s*<\?xml[^>]*encoding=["']([\w.:-]+)/i.exec(bytes.subarray(0, 512).toString('latin1'))?.[1];
  for (const label of [bom, declared, 'utf-8']) {
    try {
      if (label) return new TextDecoder(label).decode(bytes);
    } catch {
      // A label TextDecoder does not know: try the next.
    }
  }
  return bytes.toString('utf8');
}

function stringOf(value) {
  return typeof value === 'string' ? value : value && typeof value._ === 'string' ? value._ : '';
}

/**
 * Text as a reader sees it: markup stripped (a block element's edge is a space), entities
 * decoded, control characters dropped, whitespace folded; plain text (feedparser's text/plain)
 * is shown as it is. rss-parser says nothing of types: its text is taken as HTML.
 */
export function readerText(value, type = 'text/html') {
  if (typeof value !== 'string') return '';
  if (type === 'text/plain') return fold(value);
  const stripped = value.replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|table|tr|td|th|section|article)\b[^<>]*>/gi, ' ').replace(/<\/?[A-Za-z][^<>]*>/g, '');
  return fold(decodeHTML(stripped));
}

function fold(text) {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A link resolved against the feed's address (RFC 3986, as WHATWG URL does it); '' for none. */
export function resolved(link, base) {
  const raw = typeof link === 'string' ? link.trim() : '';
  if (!raw) return '';
  try {
    return new URL(raw, base).href;
  } catch {
    return raw;
  }
}

const MARKUP = /<\/?[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?>|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gi;

/**
 * Markup or control characters left in text meant to be plain, that a reader does not show:
 * a tag or entity the reference's reader text has too is text the feed meant (a code sample,
 * or markup the feed escaped twice), not a leak.
 */
export function leak(text, referenceText = '') {
  return text.match(MARKUP)?.find((found) => !referenceText.includes(found));
}
