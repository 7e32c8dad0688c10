import { createHash } from 'node:crypto';
import path from 'node:path';
import { compact } from '../shared/compact.js';
import { loadConfig } from '../config/load.js';
import { type Config } from '../config/schema.js';
import { UserError } from '../shared/errors.js';
import { readSubscribers } from '../audience/subscribers.js';
import { addSuppressions, type Suppression } from '../audience/suppression.js';
import { verifyToken } from '../audience/unsubscribe-token.js';
import { classify, type Verdict } from '../mailbox/classify.js';
import { decide, type Decision } from '../mailbox/decide.js';
import { describeImap, imapSettingsFromEnv, openMailbox } from '../mailbox/imap.js';
import { appendMailboxLog, readMailboxLog, type EventKind, type MailboxEvent } from '../mailbox/mailbox-log.js';
import { planSuppressions } from '../mailbox/plan-suppressions.js';
import { readReturnedMail } from '../mailbox/returned-mail.js';
import { lookUpLedgers } from '../mailbox/sent-messages.js';

export interface MailboxOptions {
  cwd: string;
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** Show what would happen; change nothing in the files or the mailbox. */
  dryRun?: boolean;
  now?: () => Date;
}

export interface MailboxAction {
  uid: number;
  subject: string;
  from: string | undefined;
  kind: EventKind;
  email: string;
  week?: string;
  status?: string;
  /** Why a bounce came back, in Sisimai's vocabulary (`userunknown`, `blocked`, ...). */
  reason?: string;
  detail?: string;
  /** added: this run suppressed the address; already: it was suppressed before; no: not (yet) suppressed. */
  suppression: 'added' | 'already' | 'no';
  /** A soft bounce's run of issues in a row, when it is one. */
  softInARow?: number;
  /** Processed by an earlier run that stopped before moving it: not counted again. */
  repeat: boolean;
}

export interface MailboxReport {
  mailbox: string;
  folder: string;
  examined: number;
  actions: MailboxAction[];
  untouched: Array<{ uid: number; subject: string; from: string | undefined; reason: string; warn: boolean }>;
  skippedLarge: number;
  suppressed: Suppression[];
  suppressionFile: string;
  logFile: string;
  /** The suppression file gained the reason columns. */
  upgraded: boolean;
  /** Where processed messages went: a folder, or `flagged` in place. */
  processedTo: string;
  /** Things the user should know, such as a move that fell back to flagging. */
  notes: string[];
  dryRun: boolean;
}

/**
 * `watch-digest mailbox`: reads the bounce / unsubscribe mailbox over IMAP and honours what came
 * back. Steps, in an order that makes any interruption safe to re-run:
 *   1. classify every unprocessed message by its structure (DSN, ARF, request, other);
 *   2. match bounces and complaints to recipients through the send ledgers;
 *   3. skip messages the mailbox log already has (an earlier run that stopped before moving them);
 *   4. add the addresses to suppress to the suppression file, with reason and date;
 *   5. append the events to the mailbox log;
 *   6. flag the processed messages and move them to the processed folder. Nothing is deleted,
 *      and everything else stays where it was, unread.
 */
export async function processMailbox(options: MailboxOptions): Promise<MailboxReport> {
  const now = options.now ?? (() => new Date());
  const { config, root } = await loadConfig(options.cwd, options.configFile);
  const show = (file: string) => path.relative(options.cwd, file) || file;
  const settings = imapSettingsFromEnv(options.env);
  if (!settings) {
    throw new UserError('no bounce mailbox configured: IMAP_URL is not set', {
      hint: 'Set IMAP_URL=imaps://user:password@imap.example.org:993 (or IMAP_HOST, IMAP_USER, IMAP_PASS); docs/mailbox.md explains how to set up the mailbox.',
    });
  }
  const suppressionFile = path.resolve(root, config.suppressionFile);
  const logFile = path.resolve(root, config.mailbox.log);
  const digestsDir = path.resolve(root, config.digestsDir);
  const log = await readMailboxLog(logFile, show(logFile));
  const logged = new Set(log.map((event) => event.key));

  const mailbox = await openMailbox(settings, config.mailbox.folder);
  try {
    // 1. Classify.
    // A message the MIME parser cannot read is someone else's business: it stays where it is.
    const read = await Promise.all(mailbox.messages.map(async (message) => ({ message, mail: await readReturnedMail(message.source).catch(() => undefined) })));
    const classified = read.map(({ message, mail }) => ({
      uid: message.uid,
      subject: mail?.subject ?? '',
      from: mail?.from,
      key: mail?.messageId?.trim() || `sha256:${createHash('sha256').update(message.source).digest('hex')}`,
      verdict: mail ? classify(mail, addressesOf(config)) : ({ kind: 'other', reason: 'a message that cannot be parsed' } as const),
    }));

    // 2. Match, with what the ledgers and the subscriber list say.
    const ids = new Set(classified.flatMap(({ verdict }) => ('refs' in verdict ? verdict.refs : [])));
    const { byId } = await lookUpLedgers(digestsDir, ids);
    const subscribers = await subscribersAmong(config, root, show, classified.map((c) => c.verdict));
    const secret = options.env.UNSUBSCRIBE_SECRET;
    const decisions = classified.map((c) => ({
      ...c,
      decision: decide(c.verdict, {
        byId,
        canVerifyTokens: Boolean(secret),
        verifyToken: (token) => (secret ? verifyToken(token, secret) : undefined),
        isSubscriber: (email) => subscribers.has(email),
      }),
    }));
    const processed = decisions.filter((d): d is typeof d & { decision: Extract<Decision, { action: 'process' }> } => d.decision.action === 'process');

    // 3. New events only; soft bounces need the weeks each address was sent.
    const fresh = processed.filter((d) => !logged.has(d.key) && !processed.some((o) => o.key === d.key && o.uid < d.uid));
    const softEmails = new Set(fresh.filter((d) => d.decision.kind === 'bounced-soft').map((d) => d.decision.email.toLowerCase()));
    const { weeksSent } = softEmails.size ? await lookUpLedgers(digestsDir, new Set(), softEmails) : { weeksSent: new Map<string, string[]>() };
    const at = now().toISOString();
    const { wanted, streaks } = planSuppressions(
      fresh.map(({ uid, decision }) => ({ id: uid, ...decision })),
      log,
      weeksSent,
      config.mailbox.softBounceLimit,
      at,
    );

    // 4-6. Write, log, move.
    const dryRun = Boolean(options.dryRun);
    const result = await addSuppressions(suppressionFile, show(suppressionFile), wanted, { dryRun });
    const added = new Set(result.added.map((s) => s.email.toLowerCase()));
    const already = new Set(result.already.map((s) => s.email.toLowerCase()));
    const events: MailboxEvent[] = fresh.map(({ key, decision }) => ({
      at,
      key,
      ...whatItIs(decision),
      suppressed: added.has(decision.email.toLowerCase()) && wanted.some((w) => w.email === decision.email),
    }));
    let processedTo = config.mailbox.afterProcessing === 'move' ? config.mailbox.processedFolder : 'flagged';
    const notes: string[] = [];
    if (!dryRun) {
      await appendMailboxLog(logFile, events, show(logFile));
      const finished = await mailbox.finish(
        processed.map((d) => d.uid),
        config.mailbox.afterProcessing === 'move' ? config.mailbox.processedFolder : undefined,
      );
      if (!finished.moved) processedTo = 'flagged';
      if (finished.note) notes.push(finished.note);
    }

    const freshKeys = new Set(fresh.map((d) => d.uid));
    return {
      mailbox: describeImap(settings),
      folder: config.mailbox.folder,
      examined: mailbox.messages.length,
      actions: processed.map(({ uid, subject, from, decision }) => {
        const email = decision.email.toLowerCase();
        const suppression = !freshKeys.has(uid) ? 'no' : wanted.some((w) => w.email.toLowerCase() === email) ? (added.has(email) ? 'added' : already.has(email) ? 'already' : 'no') : 'no';
        return {
          uid,
          subject,
          from,
          ...whatItIs(decision),
          suppression,
          ...(streaks.has(uid) ? { softInARow: streaks.get(uid)! } : {}),
          repeat: !freshKeys.has(uid),
        };
      }),
      untouched: decisions
        .filter((d) => d.decision.action === 'leave')
        .map(({ uid, subject, from, decision }) => ({ uid, subject, from, reason: (decision as Extract<Decision, { action: 'leave' }>).reason, warn: Boolean((decision as { warn?: boolean }).warn) })),
      skippedLarge: mailbox.skippedLarge,
      suppressed: result.added,
      suppressionFile: show(suppressionFile),
      logFile: show(logFile),
      upgraded: result.upgraded,
      processedTo,
      notes,
      dryRun,
    };
  } finally {
    await mailbox.close();
  }
}

function addressesOf(config: Config) {
  return {
    bounce: config.bounce?.address,
    unsubscribe: config.unsubscribe.mailto,
    own: [config.from.address, ...(config.replyTo ? [config.replyTo] : [])],
    authServer: config.mailbox.authServer,
  };
}

/** The senders of unsubscribe requests that are on the subscriber list (a missing list means none are). */
async function subscribersAmong(config: Config, root: string, show: (file: string) => string, verdicts: Verdict[]): Promise<Set<string>> {
  const senders = new Set(verdicts.flatMap((v) => (v.kind === 'unsubscribe' ? [v.sender.toLowerCase()] : [])));
  const found = new Set<string>();
  if (senders.size === 0) return found;
  const file = path.resolve(root, config.subscribers);
  try {
    for await (const subscriber of readSubscribers(file, show(file))) if (senders.has(subscriber.key)) found.add(subscriber.key);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  return found;
}

/** What a returned message is and whom it concerns, as the log and the report both give it. */
function whatItIs(decision: Extract<Decision, { action: 'process' }>) {
  return { kind: decision.kind, email: decision.email, ...compact({ week: decision.week, status: decision.status, reason: decision.reason, detail: decision.detail }) };
}
