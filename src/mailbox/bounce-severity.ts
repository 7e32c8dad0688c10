import { REASONS, type Reason } from './reasons.js';

/**
 * What a failure means for the reader's address:
 * - `hard`: the address is gone (no such mailbox or domain): suppressed at once;
 * - `soft`: the mailbox is full or suspended: counted, suppressed after a run of issues;
 * - `refused`: the receiving system refused the send for a reason not about the address
 *   (policy, spam, rate, our sender address, protocol, routing, or no reason given): logged
 *   with its reason, never counted against the reader;
 * - `delayed`: a warning that the server keeps trying; `delivered`: a receipt.
 */
export type Severity = 'hard' | 'soft' | 'refused' | 'delayed' | 'delivered';

const RANK: Record<Severity, number> = { hard: 4, soft: 3, refused: 2, delayed: 1, delivered: 0 };

/** The worse of two outcomes, for a report that covers several recipients. */
export function worse(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A DSN's Action (RFC 3464) and the reason found for the failure, as a severity. */
export function severityOf(action: string | undefined, reason: Reason): Severity {
  const act = action?.trim().toLowerCase();
  if (act === 'delayed') return 'delayed';
  if (act === 'delivered' || act === 'relayed' || act === 'expanded') return 'delivered';
  const consequence = REASONS[reason].consequence;
  return consequence === 'suppress' ? 'hard' : consequence === 'count' ? 'soft' : 'refused';
}

const ENHANCED = /(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/g;

/** Every RFC 3463 code in a text, in order (`550 5.1.1 ...`, `550-5.1.1`, `(#5.1.1)`). */
export function codesIn(text: string | undefined): string[] {
  return [...(text ?? '').matchAll(ENHANCED)].map((m) => m[1]!);
}

/** The first SMTP failure reply code in a text (`550 ...`, `550-...`, `said: 554 `), never part of an IP, port or time. */
export function replyCodeIn(text: string | undefined): string | undefined {
  return /(?:^|[^\d.:/-])([45][0-5]\d)(?=[ -]|$)/m.exec(text ?? '')?.[1];
}

/** An RFC 3463 code from a Status field or an SMTP reply, else a class from a bare reply code. */
export function statusFrom(text: string | undefined): string | undefined {
  const enhanced = codesIn(text)[0];
  if (enhanced) return enhanced;
  const reply = replyCodeIn(text);
  return reply ? `${reply[0]}.0.0` : undefined;
}
