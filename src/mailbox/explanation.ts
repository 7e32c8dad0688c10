import { COPY_MARKERS } from './dialects/index.js';

/** The part of a report about one recipient: the address it names, and what it says of it. */
export interface RecipientBlock {
  recipient: string | undefined;
  text: string;
}

/** Enough for any report; what follows is quoted mail, and reading it costs time for nothing. */
const MAX_EXPLANATION = 32 * 1024;
const ADDRESS = String.raw`[A-Za-z0-9._%+=!#$&'*/?^\`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*`;
/**
 * A line that starts with an address (`  user@host`, `<user@host>:`, `* user@host`), or with a name
 * and an address (`John <mailto:user@host>`, `other@host <user@host>: malformed`), or gives the address after a label that says what
 * it is (`Failed recipient: user@host`, `Unknown user: user@host`, `Recipient: [SMTP:user@host]`);
 * never a label about the sender or the reporter.
 */
const LABEL = String.raw`(?:(?![^:\n]*\b(?:sender|from|contact|reply|return|reporting|postmaster)\b)[^:\n<>@"]{0,50}\b(?:user|userid|recipients?|address(?:es)?|addressee|mailbox|deliver(?:y|ed)?|undeliverable|failed|rcpt|error-for)\b[^:\n<>@"]{0,30}:\s*)`;
const STARTS_WITH_ADDRESS = new RegExp(
  String.raw`^\s*(?:(?:[*\u2022]|-{1,2})\s+)?(?:[^<\n:]{0,80}<(?:mailto:)?(${ADDRESS})>\s*(?::|$)|${LABEL}?["'<\[]?(?:mailto:|smtp:)?(${ADDRESS})[>"'\]]?(?=[\s:;,.(\[\]]|$))`,
  'i',
);
/** An X.400 originator/recipient string, as Exchange 5.5 and 2000 list them (`c=US;a= ;p=Org;dda:SMTP=user@host;`). */
const X400 = new RegExp(String.raw`^\s*(?:[a-z]{1,4}=[^;\n]*;\s*)+(?:dda:)?smtp=(${ADDRESS})`, 'i');
/** A redirected address that is not shown names the one the message was sent to (`an undisclosed address (generated from user@host)`). */
const GENERATED_FROM = new RegExp(String.raw`\((?:generated|expanded) from:? <?(${ADDRESS})>?\)`, 'i');
/** A sentence that names the recipient it failed for (`wasn't delivered to x@y`, `message to <x@y> was`), not a `To:` field. */
const NAMED_IN_SENTENCE = new RegExp(String.raw`\b(?:to|for|recipient|address|addressee)\b(?!:)[^@\n]{0,30}?<?(?:mailto:)?['"]?(${ADDRESS})>?`, 'i');
const DAEMON_ADDRESS = /^(?:mailer-daemon|mail-daemon|mailer_daemon|postmaster|mail\.delivery\.subsystem|mdaemon|no-?reply)@/i;

/** The report a plain-text bounce gives above its copy of the original message. */
export function explanationOf(text: string): string {
  const head = text.slice(0, MAX_EXPLANATION);
  let end = head.length;
  for (const marker of COPY_MARKERS) {
    const at = marker.exec(head)?.index;
    if (at !== undefined && at > 0 && at < end) end = at;
  }
  // Without a marker, a quoted original still starts with header lines at the left margin.
  const headers = /\n(?:Return-Path|Received|Message-ID|DKIM-Signature):[^\n]*\n/i.exec(head.slice(0, end));
  if (headers && headers.index > 0) end = headers.index;
  return head.slice(0, end);
}

/**
 * Splits a report into what it says of each recipient. Known recipients (X-Failed-Recipients,
 * the DSN's) are looked for first; otherwise a line that starts with an address starts a
 * recipient's part, which runs to the next such line, as nearly every MTA lays its report
 * out; otherwise a sentence naming the address. Parts about the same address are joined
 * (Exchange writes one for people and one for administrators). Addresses of the reporting
 * system, of our own mailbox and of the original sender are never taken for recipients.
 */
export function recipientBlocks(explanation: string, known: readonly string[], notRecipients: ReadonlySet<string>): RecipientBlock[] {
  const skip = (address: string) => notRecipients.has(address.toLowerCase()) || DAEMON_ADDRESS.test(address);
  const blocks = new Map<string, string[]>();
  const lines = explanation.split(/\r?\n/);
  let current: string | undefined;
  const knownLower = known.map((k) => k.toLowerCase());
  for (const line of lines) {
    const address = (addressOfLine(line) ?? (current ? undefined : cleaned(GENERATED_FROM.exec(line)?.[1])))?.toLowerCase();
    if (address && !skip(address) && (knownLower.length === 0 || knownLower.includes(address))) {
      current = address;
      blocks.set(current, [...(blocks.get(current) ?? []), line]);
      continue;
    }
    if (current) blocks.get(current)!.push(line);
  }
  if (blocks.size > 0) {
    return [...blocks].map(([recipient, part]) => ({ recipient: known.find((k) => k.toLowerCase() === recipient) ?? recipient, text: part.join('\n') }));
  }
  if (known.length > 0) return known.map((recipient) => ({ recipient, text: explanation }));
  const named = cleaned(NAMED_IN_SENTENCE.exec(explanation)?.[1]);
  return [{ recipient: named && !skip(named) ? named : undefined, text: explanation }];
}

/** The recipient a line of a report starts with, if it starts with one. */
function addressOfLine(line: string): string | undefined {
  const match = STARTS_WITH_ADDRESS.exec(line);
  return cleaned(match?.[1] ?? match?.[2] ?? X400.exec(line)?.[1]);
}

/** An address without the quotes or the full stop a sentence put around it. */
function cleaned(address: string | undefined): string | undefined {
  return address?.replace(/^['"]+|['".]+$/g, '');
}

/** Whether a text has a line that starts with an address, as a report lists its recipients. */
export function namesRecipient(text: string): boolean {
  return text.split('\n', 400).some((line) => !DAEMON_ADDRESS.test(addressOfLine(line) ?? 'postmaster@'));
}
