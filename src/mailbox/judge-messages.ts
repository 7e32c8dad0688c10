import { createHash } from 'node:crypto';
import { classify, type MailboxAddresses, type Verdict } from './classify.js';
import type { OpenFolder } from './imap.js';
import { readMessages, ReadInterrupted } from './read-messages.js';
import { readReturnedMail } from './returned-mail.js';
import { scrubValue, type Scrub } from '../shared/scrub-secret.js';

/** One message's verdict and what the report shows of it: a few hundred bytes, kept for the run. */
export interface Judged {
  uid: number;
  /** Its Message-ID, or a digest of what was read of it: what the mailbox log knows it by. */
  key: string;
  subject: string;
  from: string | undefined;
  verdict: Verdict;
}

export interface Judging {
  judged: Judged[];
  /** Messages the server would not give, with why. */
  unread: Array<{ uid: number; reason: string }>;
  /** Why reading stopped before the end (the connection was lost); the rest is left for the next run. */
  interrupted?: string;
  /** How many messages were never reached because of that. */
  notReached: number;
}

const SUBJECT_CHARS = 200;
const DIAGNOSTIC_CHARS = 1000;

/**
 * Reads the messages batch by batch and judges each as it comes: only the verdicts stay (with
 * `scrub` applied to every text in them: they reach the report, the log and the suppression
 * file), the sources go with their batch. The next batch is fetched while one is judged (two in memory at
 * most), so the server's time and ours overlap. A lost connection ends the reading, not the run:
 * what was judged is still honoured.
 */
export async function readAndJudge(folder: OpenFolder, uids: readonly number[], addresses: MailboxAddresses, scrub: Scrub): Promise<Judging> {
  const result: Judging = { judged: [], unread: [], notReached: 0 };
  const batches = readMessages(folder, uids);
  try {
    for (let next = batches.next(); ; ) {
      const { value: batch, done } = await next;
      if (done) break;
      next = batches.next();
      // Awaited on the next turn; until then a failure must not count as unhandled.
      next.catch(() => {});
      for (const { uid, source } of batch.messages) result.judged.push(scrubValue(await judgeMessage(uid, source, addresses), scrub));
      result.unread.push(...batch.unread);
    }
  } catch (error) {
    if (!(error instanceof ReadInterrupted)) throw error;
    result.interrupted = error.reason;
    result.notReached = uids.length - result.judged.length - result.unread.length;
  }
  // Batches come by shape; a message's copies count in the order they arrived.
  result.judged.sort((a, b) => a.uid - b.uid);
  return result;
}

/** A message the MIME parser cannot read is someone else's business: it stays where it is. */
export async function judgeMessage(uid: number, source: Buffer, addresses: MailboxAddresses): Promise<Judged> {
  const mail = await readReturnedMail(source).catch(() => undefined);
  const verdict: Verdict = mail ? classify(mail, addresses) : { kind: 'other', reason: 'a message that cannot be parsed' };
  if (verdict.kind === 'bounce') for (const result of verdict.results) if (result.diagnostic) result.diagnostic = result.diagnostic.slice(0, DIAGNOSTIC_CHARS);
  // A copy: a string cut from the parsed message keeps all of that message's text alive with it.
  return structuredClone({
    uid,
    key: mail?.messageId?.trim() || `sha256:${createHash('sha256').update(source).digest('hex')}`,
    subject: (mail?.subject ?? '').slice(0, SUBJECT_CHARS),
    from: mail?.from,
    verdict,
  });
}
