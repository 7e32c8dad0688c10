// npm run bench (mailbox part): how fast returned mail is read and classified, and how fast a
// year of large send ledgers is searched for the messages bounces name (streamed: memory stays flat);
// then whole `watch-digest mailbox` runs against Dovecot (mailbox-imap.mjs).
// With BOUNCE_CORPUS=<folder of real returned messages>, it also compares the classifier's
// verdicts with Sisimai's (Debian's libsisimai-perl, for development only) message by message;
// several folders, separated by ':' (BOUNCE_CORPUS=/tmp/a:/tmp/b), are compared one by one.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify } from '../dist/mailbox/classify.js';
import { readReturnedMail } from '../dist/mailbox/returned-mail.js';
import { lookUpLedgers } from '../dist/mailbox/sent-messages.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const samplesDir = path.join(root, 'tests', 'fixtures', 'mail');
const shapesDir = path.join(samplesDir, 'shapes');
const samples = [samplesDir, shapesDir].flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith('.eml')).map((n) => readFileSync(path.join(dir, n), 'utf8').replace('{{TOKEN}}', 'x'.repeat(40))));
const addresses = { bounce: 'bounces@digest.test', unsubscribe: 'unsubscribe@digest.test', own: ['news@digest.test'] };
const ROUNDS = Number(process.env.BENCH_MAILBOX_ROUNDS ?? 200);
const WEEKS = Number(process.env.BENCH_LEDGER_WEEKS ?? 52);
const PER_WEEK = Number(process.env.BENCH_LEDGER_SIZE ?? 20_000);

for (const sample of samples) classify(await readReturnedMail(sample), addresses); // warm up
let started = performance.now();
for (let i = 0; i < ROUNDS; i++) for (const sample of samples) classify(await readReturnedMail(sample), addresses);
const classified = ROUNDS * samples.length;
const perSecond = classified / ((performance.now() - started) / 1000);
console.log(`mailbox: read and classified ${classified} returned messages (${samples.length} kinds): ${perSecond.toFixed(0)} messages/s`);
// The classification alone (MIME parsing by mailparser is most of the time above).
const parsed = await Promise.all(samples.map((sample) => readReturnedMail(sample)));
started = performance.now();
for (let i = 0; i < ROUNDS; i++) for (const mail of parsed) classify(mail, addresses);
console.log(`mailbox: classified ${classified} parsed messages: ${(classified / ((performance.now() - started) / 1000)).toFixed(0)} messages/s`);

const { compareWithSisimai } = process.env.BOUNCE_CORPUS ? await import('../scripts/sisimai-compare.mjs') : {};
for (const folder of (process.env.BOUNCE_CORPUS ?? '').split(path.delimiter).filter(Boolean)) {
  const corpus = path.resolve(folder);
  started = performance.now();
  const { figures } = await compareWithSisimai(corpus, { classify, readReturnedMail });
  console.log(`mailbox: ${figures.messages} real returned messages in ${corpus}, compared with Sisimai (${((performance.now() - started) / 1000).toFixed(1)} s, Sisimai included):`);
  console.log(`  readers wrongly suppressed: ${figures.wronglySuppressed}; hard-bounce recall: ${figures.hardRecall}; recipient agreement: ${figures.recipientAgreement}`);
  console.log(`  bounces read: ${figures.bouncesRead}; complaints: ${figures.complaints}; authentication-failure reports: ${figures.authFailures}; unrelated mail left alone: ${figures.unrelatedLeftAlone}; same reason: ${figures.sameReason}`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'watch-digest-mailbox-bench-'));
try {
  const ids = new Set();
  for (let w = 1; w <= WEEKS; w++) {
    const week = `2024-W${String(w).padStart(2, '0')}`;
    mkdirSync(path.join(dir, week));
    const lines = [];
    for (let i = 0; i < PER_WEEK; i++) {
      const hex = (w * 1_000_000 + i).toString(16).padStart(32, '0');
      if (i % 1000 === 0) ids.add(hex);
      lines.push(JSON.stringify({ email: `reader${i}@example.com`, status: 'sent', build: 'b', messageId: `<${hex}@example.org>`, response: '250 2.0.0 Ok: queued', attempts: 1, at: '2024-03-08T10:00:00.000Z' }));
    }
    writeFileSync(path.join(dir, week, 'sends.jsonl'), lines.join('\n') + '\n');
  }
  const rssBefore = process.memoryUsage().rss;
  started = performance.now();
  const { byId, weeksSent } = await lookUpLedgers(dir, ids, new Set(['reader5@example.com']));
  const seconds = (performance.now() - started) / 1000;
  const lines = WEEKS * PER_WEEK;
  console.log(
    `mailbox: ${byId.size} ids and one address's ${weeksSent.get('reader5@example.com')?.length ?? 0} weeks found in ${WEEKS} ledgers of ${PER_WEEK.toLocaleString('en')} lines ` +
      `(${lines.toLocaleString('en')} lines): ${seconds.toFixed(2)} s, ${(lines / seconds / 1000).toFixed(0)}k lines/s, RSS grew ${((process.memoryUsage().rss - rssBefore) / 1024 / 1024).toFixed(0)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

await import('./mailbox-imap.mjs');
