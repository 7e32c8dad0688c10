import { codesIn, replyCodeIn } from './bounce-severity.js';
import { dialectCode, PHRASES, PRIORITY, type Phrase } from './dialects/index.js';
import { reasonOfCode, type Reason } from './reasons.js';

/** The SMTP stage a refusal came at, when the report says. */
export type SmtpCommand = 'CONN' | 'HELO' | 'MAIL' | 'RCPT' | 'DATA';

export interface Diagnosis {
  reason: Reason;
  /** The most specific RFC 3463 code found, or a class (`5.0.0`) from the reply code. */
  status: string | undefined;
  command: SmtpCommand | undefined;
}

/** The reasons about the address; every other one is about the send. */
const ADDRESS_LEVEL = new Set<Reason>(['userunknown', 'hostunknown', 'hasmoved', 'notaccept', 'mailboxfull', 'suspend']);
const GONE = new Set<Reason>(['userunknown', 'hostunknown', 'hasmoved', 'notaccept']);

/** Lower case, one space for any run of white space, straight quotes: the form phrases are written in. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u0060\u00b4]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();
}

/** How reports name the stage: `in reply to RCPT TO command`, `>>> DATA`, `[RCPT_TO]`, `SMTP:RCPT`, Gmail's `(state 14)`, ... */
const COMMANDS: Array<[SmtpCommand, RegExp, ReadonlySet<string>?]> = [
  ['CONN', /\b(?:after|in reply to|during) (?:the )?(?:initial connection|initial greeting|connection greeting|banner|greeting)\b|\bbut greeting failed\b|\b(?:smtp )?greeting (?:failure|failed|refused)\b|\bsmtp connection failed\b|\bunexpected connection response\b/g],
  ['HELO', /\b(?:after|in reply to) (?:the )?(?:helo|ehlo|lhlo)\b|>>> ?(?:helo|ehlo|lhlo)\b|\bmy name was rejected\b|\b(?:helo|ehlo) command rejected\b|\bunexpected response to ehlo\b|\bsmtp:(?:helo|ehlo)\b|\(state 13\)/g],
  ['MAIL', /\b(?:after|in reply to) (?:the )?mail (?:from|command)\b|>>> ?mail from\b|\[mail_?from\]|\bbut sender was rejected\b|\bdoes not like sender\b|\bresponse to mail from\b|\bsmtp:mail\b|\(state 6\)/g],
  // Postfix's "(in reply to RCPT TO command)" names the stage in the reports of Postfix and the
  // systems built on it; elsewhere it is a fragment of someone else's session quoted by a relay.
  ['RCPT', /\bin reply to (?:the )?rcpt to command\b/g, new Set(['postfix', 'mailru-yandex'])],
  ['RCPT', /\bafter (?:the )?rcpt(?: to)?(?: command)?\b|>>> ?rcpt to\b|\[rcpt_?to\]|\brcpt to: ?<|\bdoes not like recipient\b|\brcpt to generated following response\b|\bsmtp:rcpt\b|\(state 14\)/g],
  ['DATA', /\b(?:after|in reply to) (?:the )?(?:end of )?data\b|>>> ?data\b|\[data\]|\bafter (?:sending|transferring) (?:the )?(?:message|body)\b|\bfailed after i sent the message\b|\b(?:data command|body of message) generated (?:following )?response\b|\bsmtp:data\b|\(state 1[578]\)/g],
];

/**
 * The stage of the session a refusal came at. A transcript names several (`>>> MAIL FROM`,
 * `>>> RCPT TO`, `>>> DATA`): the one that matters is the last one sent before the first
 * refusal (`<<< 550 ...`), else the last one named.
 */
export function commandIn(text: string, dialect?: string): SmtpCommand | undefined {
  const refusal = /<<< ?[45]\d\d\b/.exec(text)?.index ?? Infinity;
  let best: { command: SmtpCommand; at: number } | undefined;
  for (const [command, pattern, families] of COMMANDS) {
    if (families && !families.has(dialect ?? '')) continue;
    for (const match of text.matchAll(pattern)) {
      if (match.index < refusal && (!best || match.index > best.at)) best = { command, at: match.index };
    }
  }
  return best?.command;
}

/** A code is specific when it says more than its class and subject (`5.1.1`, not `5.0.0` or `5.1.0`). */
function isSpecific(code: string | undefined): boolean {
  return Boolean(code && !/\.0$/.test(code));
}

/**
 * The code to believe. A Status field that only names the class (`5.0.0`, as Courier and
 * Postfix write for replies without an enhanced code) gives way to a specific code in the
 * diagnostic; among several codes there (a relay quoting the remote reply, `5.1.0 ... 550
 * 5.2.2`), the last one known is the remote server's own, and the most precise.
 */
export function chooseStatus(status: string | undefined, text: string): string | undefined {
  const fromStatus = codesIn(status)[0];
  if (isSpecific(fromStatus)) return fromStatus;
  const codes = codesIn(text);
  const known = codes.filter((code) => reasonOfCode(code));
  const specific = known.at(-1) ?? codes.filter(isSpecific).at(-1);
  if (specific) return specific;
  if (fromStatus && fromStatus !== `${fromStatus[0]}.0.0`) return fromStatus;
  const reply = replyCodeIn(text);
  return codes[0] ?? fromStatus ?? (reply ? `${reply[0]}.0.0` : undefined);
}

/** The first wording the text carries, in the reasons' priority order; within that reason, the reporting family's own. */
export function phraseIn(text: string, dialect?: string): Phrase | undefined {
  const first = PHRASES.find(({ pattern }) => pattern.test(text));
  if (!first || !dialect || first.dialect === dialect) return first;
  return PHRASES.find((phrase) => phrase.reason === first.reason && phrase.dialect === dialect && phrase.pattern.test(text)) ?? first;
}

/**
 * Why a recipient's delivery failed, from its Status, its diagnostic text and the SMTP stage.
 *
 * The wording and the code are read together: wording that names something other than the
 * address (a block list, spam, a rate) overrides a code that blames the address, as servers
 * often reply 550 5.1.1 to anything; a code precise about something else (5.1.7 sender,
 * 5.2.3 size) overrides wording about the address. Then the stage: nothing refused at
 * connection, HELO or MAIL FROM is about the recipient (it is our IP, our name or our sender
 * address); "no such user" in reply to DATA is a filter's wording, not a directory lookup;
 * and the common "no such user" wording, when neither the stage nor the code says it came
 * from a recipient lookup, is taken no further than a filter (a mail system's own wording for
 * its own directory, as Domino's or Exchange's, is believed).
 */
export function diagnose(input: { status?: string | undefined; diagnostic: string; context?: string | undefined; command?: SmtpCommand | undefined; dialect?: string | undefined }): Diagnosis {
  const text = normalise(input.diagnostic);
  const context = normalise(input.context ?? '');
  const command = input.command ?? commandIn(text, input.dialect) ?? commandIn(context, input.dialect);
  const status = chooseStatus(input.status, codesIn(text).length || !context ? text : context);
  const ownCode = dialectCode(input.dialect, status);
  const byCode = ownCode ?? reasonOfCode(status);
  // x.7.x codes are used for anything from a spam block to "no such user": only wording decides,
  // unless the family that wrote the report documents what its code means.
  const strongCode = Boolean(ownCode) || (Boolean(byCode) && !/^[45]\.7\./.test(status ?? ''));
  const phrase = phraseIn(text, input.dialect) ?? (context ? phraseIn(context, input.dialect) : undefined);
  const byWords = phrase?.reason;
  // A family's own wording for its own directory is believed only in that family's report.
  const ownWords = phrase?.dialect !== undefined && phrase.dialect === input.dialect;
  let reason = ownCode ?? combine(byCode, strongCode, byWords) ?? fallback(text || context);

  const fromWordsOnly = !(byCode && GONE.has(byCode) && strongCode);
  if (command === 'MAIL' && (ADDRESS_LEVEL.has(reason) || reason === 'undefined' || reason === 'filtered')) reason = 'rejected';
  else if ((command === 'CONN' || command === 'HELO') && (ADDRESS_LEVEL.has(reason) || reason === 'undefined' || reason === 'rejected' || reason === 'filtered')) reason = 'blocked';
  else if (command === 'DATA' && GONE.has(reason) && fromWordsOnly) reason = 'filtered';
  else if (!command && reason === 'userunknown' && fromWordsOnly && !ownWords) reason = 'filtered';
  return { reason, status, command };
}

/** Codes precise about something other than the recipient's existence: they outweigh wording. */
const PRECISE_CODE = new Set<Reason>(['rejected', 'mailboxfull', 'mesgtoobig', 'exceedlimit', 'contenterror', 'hasmoved', 'notaccept']);

function combine(byCode: Reason | undefined, strongCode: boolean, byWords: Reason | undefined): Reason | undefined {
  if (!byCode || !byWords || byWords === byCode) return byWords ?? byCode;
  if (strongCode && PRECISE_CODE.has(byCode) && !(PRECISE_CODE.has(byWords) && !ADDRESS_LEVEL.has(byWords))) return byCode;
  // Both precise about the message (size, content): the earlier in the dialects' order.
  if (strongCode && PRECISE_CODE.has(byCode)) return PRIORITY.indexOf(byWords) < PRIORITY.indexOf(byCode) ? byWords : byCode;
  return byWords;
}

/** No wording and no precise code: a 50x reply is a protocol error; anything else is unexplained. */
function fallback(text: string): Reason {
  return /^50[0-4]$/.test(replyCodeIn(text) ?? '') ? 'syntaxerror' : 'undefined';
}
