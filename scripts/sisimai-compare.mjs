#!/usr/bin/env node
// Development only: reads a folder of real returned messages with watch-digest's classifier and
// with Sisimai 4.25 (Debian's libsisimai-perl, the reference; never a runtime dependency), and
// compares them message by message: readers wrongly suppressed, hard-bounce recall, recipient
// agreement, complaints, authentication-failure reports and unrelated mail.
//
//   npm run build && node scripts/sisimai-compare.mjs DIR [DIR...] [--list]
//
// `bench/mailbox.mjs` prints the same figures when BOUNCE_CORPUS names such a folder.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SISIMAI = String.raw`
use strict; use warnings; use Sisimai; use JSON::PP;
my $json = JSON::PP->new->canonical;
for my $file (@ARGV) {
  my $data = eval { Sisimai->make($file, delivered => 1, vacation => 1) } || [];
  my @r = map { { recipient => $_->recipient->address, reason => $_->reason, status => $_->deliverystatus,
    soft => $_->softbounce, feedback => $_->feedbacktype, agent => $_->smtpagent } } @$data;
  print $json->encode({ file => $file, results => \@r }), "\n";
}`;

/** The first 256 KB of each message, as `mailbox` fetches it. */
const FETCHED = 256 * 1024;

export async function sisimaiVerdicts(files) {
  const out = new Map();
  for (let i = 0; i < files.length; i += 200) {
    const { stdout } = await promisify(execFile)('perl', ['-e', SISIMAI, ...files.slice(i, i + 200)], { maxBuffer: 256 * 1024 * 1024 });
    for (const line of stdout.split('\n').filter(Boolean)) {
      const { file, results } = JSON.parse(line);
      out.set(file, results);
    }
  }
  return out;
}

export function messageFiles(dir) {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile() && !file.endsWith('.md'))
    .sort();
}

const lower = (list) => [...new Set(list.filter(Boolean).map((a) => a.toLowerCase()))].sort().join(' ');

/** Compares every message of `dir`; `lib` is `{ classify, readReturnedMail }` from the build. */
export async function compareWithSisimai(dir, lib) {
  const files = messageFiles(dir);
  const reference = await sisimaiVerdicts(files);
  const addresses = { bounce: undefined, unsubscribe: undefined, own: [] };
  const rows = [];
  for (const file of files) {
    const mail = await lib.readReturnedMail(readFileSync(file).subarray(0, FETCHED)).catch(() => undefined);
    const ours = mail ? lib.classify(mail, addresses) : { kind: 'other', reason: 'unparsable' };
    const theirs = (reference.get(file) ?? []).filter((r) => r.reason !== 'delivered' && r.reason !== 'vacation');
    const feedback = theirs.filter((r) => r.reason === 'feedback');
    const bounces = theirs.filter((r) => r.reason !== 'feedback');
    const sis = feedback.some((r) => r.feedback === 'auth-failure') ? 'auth-failure' : feedback.length ? 'complaint' : bounces.length ? 'bounce' : 'none';
    const ourRecipients = ours.kind === 'bounce' ? ours.results.map((r) => r.recipient) : ours.recipients ?? [];
    rows.push({
      file: path.basename(file),
      sis,
      ours: ours.kind,
      sisHard: bounces.some((r) => Number(r.soft) === 0),
      ourHard: ours.kind === 'bounce' && ours.results.some((r) => r.severity === 'hard'),
      sisReasons: lower(theirs.map((r) => r.reason)),
      ourReasons: ours.kind === 'bounce' ? lower(ours.results.map((r) => r.reason)) : ours.kind,
      sisRecipients: lower(theirs.map((r) => r.recipient).filter((r) => !/\.invalid$/.test(r ?? ''))),
      ourRecipients: lower(ourRecipients),
      agent: theirs[0]?.agent ?? '',
    });
  }
  return { rows, figures: figures(rows) };
}

function figures(rows) {
  const count = (predicate) => rows.filter(predicate).length;
  const pct = (a, b) => (b ? `${((a / b) * 100).toFixed(1)} %` : 'n/a');
  const hard = count((r) => r.sisHard);
  const read = count((r) => r.sis === 'bounce' || r.sis === 'complaint');
  const agree = count((r) => (r.sis === 'bounce' || r.sis === 'complaint') && r.sisRecipients === r.ourRecipients);
  const bounceReason = rows.filter((r) => r.sis === 'bounce' && r.ours === 'bounce');
  return {
    messages: rows.length,
    wronglySuppressed: count((r) => r.ourHard && !r.sisHard),
    hardRecall: `${count((r) => r.sisHard && r.ourHard)} of ${hard} (${pct(count((r) => r.sisHard && r.ourHard), hard)})`,
    recipientAgreement: `${agree} of ${read} (${pct(agree, read)})`,
    bouncesRead: `${count((r) => r.sis === 'bounce' && r.ours === 'bounce')} of ${count((r) => r.sis === 'bounce')}`,
    complaints: `${count((r) => r.sis === 'complaint' && r.ours === 'complaint')} of ${count((r) => r.sis === 'complaint')}, ${count((r) => r.sis !== 'complaint' && r.ours === 'complaint')} more`,
    authFailures: `${count((r) => r.sis === 'auth-failure' && r.ours === 'auth-failure')} of ${count((r) => r.sis === 'auth-failure')}`,
    unrelatedLeftAlone: `${count((r) => r.sis === 'none' && (r.ours === 'other' || r.ours === 'unsubscribe'))} of ${count((r) => r.sis === 'none')}`,
    sameReason: `${count((r) => r.sis === 'bounce' && r.sisReasons === r.ourReasons)} of ${bounceReason.length}`,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dirs = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  if (!dirs.length) {
    console.error('usage: node scripts/sisimai-compare.mjs DIR [DIR...] [--list]');
    process.exit(2);
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { classify } = await import(path.join(root, 'dist/mailbox/classify.js'));
  const { readReturnedMail } = await import(path.join(root, 'dist/mailbox/returned-mail.js'));
  for (const dir of dirs) {
    const { rows, figures: result } = await compareWithSisimai(dir, { classify, readReturnedMail });
    if (process.argv.includes('--list')) {
      for (const r of rows) {
        const flags = [r.ourHard && !r.sisHard ? 'WRONG-SUPPRESS' : '', r.sisHard && !r.ourHard ? 'MISSED-HARD' : '', r.sis !== 'none' && r.sisRecipients !== r.ourRecipients ? 'RCPT' : '', r.sis !== r.ours && !(r.sis === 'none' && r.ours === 'other') ? 'KIND' : '', r.sis === 'bounce' && r.sisReasons !== r.ourReasons ? 'reason' : ''].filter(Boolean);
        if (flags.length) console.log(`${r.file} [${flags.join(' ')}] sisimai=${r.sis}/${r.sisReasons}/${r.sisHard ? 'hard' : 'soft'} <${r.sisRecipients}> ours=${r.ours}/${r.ourReasons}/${r.ourHard ? 'hard' : '-'} <${r.ourRecipients}> (${r.agent})`);
      }
    }
    console.log(JSON.stringify({ folder: dir, ...result }, null, 2));
  }
}
