// Loopback origin for the gather benchmark, in its own process so serving does not share the
// measured process's event loop: FEEDS RSS feeds of ENTRIES entries each, spread over HOSTS
// ports (sites), answering conditional requests with 304 as real servers do; and at
// /similar.xml one feed of SIMILAR entries whose titles differ only in a number ("Talks in
// Geneva resume, update 17"), just under the default 5 MB size limit; with BENCH_LARGEST, at
// /largest.xml the same kind of feed at the config's largest size (600,000 titles, 95 MB).
// Prints the ports.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 50);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 10);
const SIMILAR = Number(process.env.BENCH_SIMILAR ?? 30_000);
const LARGEST = process.env.BENCH_LARGEST ? 600_000 : 0;
// Entries over the four weeks to 2024-03-10: about a quarter fall in the measured week, 2024-W10.
const END = Date.parse('2024-03-10T23:00:00Z');
const SPAN = 28 * 24 * 3600 * 1000;
// Headline words: a few hundred made-up ones, as varied as real headlines are.
const SYLLABLES = 'ka ro mi te su lan dor vek is ul pa ne zo ri tam ba lo fen'.split(' ');
const WORDS = Array.from({ length: 400 }, (_, i) => SYLLABLES[i % 18] + SYLLABLES[Math.floor(i / 18) % 18] + (i >= 324 ? 'a' : ''));

/** A deterministic pseudo-random sequence (mulberry32), so every run serves the same feeds. */
function random(seed) {
  let a = (seed * 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function feed(index) {
  const next = random(index + 1);
  const items = [];
  for (let i = 0; i < ENTRIES; i++) {
    // One entry in ten is a story several outlets run: the same title, folded into one candidate.
    const shared = i % 10 === 0;
    const story = shared ? 1_000_000 + Math.floor(i / 10) : index * ENTRIES + i;
    const pick = random(story + 1);
    const words = Array.from({ length: 7 }, () => WORDS[Math.floor(pick() * WORDS.length)]);
    const title = `${words.join(' ')} ${story}`.replace(/^./, (c) => c.toUpperCase());
    const date = new Date(END - Math.floor((shared ? pick() : next()) * SPAN)).toUTCString();
    const summary = `<p>${Array.from({ length: 40 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ')}.</p>`;
    items.push(
      `<item><title>${title}</title><link>https://outlet${index}.example/story/${story}?utm_source=rss</link><guid isPermaLink="false">${index}-${i}</guid><pubDate>${date}</pubDate><description><![CDATA[${summary}]]></description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Outlet ${index}</title><link>https://outlet${index}.example/</link><description>Bench feed</description>${items.join('\n')}</channel></rss>\n`;
}

/** One feed of near-identical titles, every entry in the measured week, each with its own link. */
function similarFeed(count) {
  const items = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(END - 3_600_000 - Math.floor((i / count) * 6.5 * 24 * 3600 * 1000)).toUTCString();
    items.push(
      `<item><title>Talks in Geneva resume, update ${i + 1}</title><link>https://wire.example/geneva/${i + 1}</link><pubDate>${date}</pubDate></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Geneva live</title><link>https://wire.example/geneva/</link><description>Bench feed</description>${items.join('\n')}</channel></rss>\n`;
}

const bodies = Array.from({ length: FEEDS }, (_, i) => Buffer.from(feed(i)));
const similar = Buffer.from(similarFeed(SIMILAR));
const similarEtag = `"${createHash('sha1').update(similar).digest('hex').slice(0, 16)}"`;
const largest = LARGEST ? Buffer.from(similarFeed(LARGEST)) : Buffer.alloc(0);
const etags = bodies.map((body) => `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`);
const ports = [];
for (let h = 0; h < HOSTS; h++) {
  const server = createServer((request, response) => {
    if (request.url === '/similar.xml') {
      if (request.headers['if-none-match'] === similarEtag) return response.writeHead(304, { etag: similarEtag }).end();
      return response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: similarEtag }).end(similar);
    }
    if (request.url === '/largest.xml' && LARGEST) return response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(largest);
    const index = Number(/^\/feed\/(\d+)\.xml$/.exec(request.url ?? '')?.[1]);
    if (!(index >= 0 && index < FEEDS)) return response.writeHead(404).end();
    if (request.headers['if-none-match'] === etags[index]) return response.writeHead(304, { etag: etags[index] }).end();
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: etags[index] }).end(bodies[index]);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push(server.address().port);
}
process.stdout.write(JSON.stringify({ ports, feeds: FEEDS, entries: ENTRIES, bytes: bodies.reduce((n, b) => n + b.length, 0), similar: SIMILAR, similarBytes: similar.length, largest: LARGEST, largestBytes: largest.length }) + '\n');
process.on('disconnect', () => process.exit(0));
