export type Severity = 'hard' | 'soft' | 'delayed' | 'delivered';

const RANK: Record<Severity, number> = { hard: 3, soft: 2, delayed: 1, delivered: 0 };

/** The worse of two outcomes, for a report that covers several recipients. */
export function worse(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * What a DSN's Action and Status (RFC 3464, RFC 3463 codes) mean for the address.
 * - 4.x.x, and a failure with no code at all: soft, counted, suppressed after a few in a row.
 * - 5.x.x: hard, suppressed at once, except the permanent codes that are about the message or
 *   the sender rather than the address: 5.2.x other than 5.2.1 (mailbox full, message too big),
 *   5.3.x (the receiving system), 5.6.x (content) and 5.7.x (policy: spam blocks, DMARC,
 *   reputation). Suppressing on one of those would drop a whole provider's readers after a
 *   single block; they count as soft instead.
 * - `delayed` is a warning (the server keeps trying); `delivered`, `relayed` and `expanded`
 *   are receipts. Neither counts.
 */
export function severity(action: string | undefined, status: string | undefined): Severity {
  const act = action?.trim().toLowerCase();
  if (act === 'delayed') return 'delayed';
  if (act === 'delivered' || act === 'relayed' || act === 'expanded') return 'delivered';
  const code = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(status?.trim() ?? '');
  if (!code) return 'soft';
  const [, klass, subject, detail] = code;
  if (klass === '2') return 'delivered';
  if (klass === '4') return 'soft';
  if (subject === '2' && detail !== '1') return 'soft';
  if (subject === '3' || subject === '6' || subject === '7') return 'soft';
  return 'hard';
}

/** An RFC 3463 code from a Status field or an SMTP reply (`550 5.1.1 ...`, `550-5.1.1`, `(#5.1.1)`), else a class from a bare reply code. */
export function statusFrom(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const enhanced = /(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/.exec(text);
  if (enhanced) return enhanced[1];
  const reply = /(?:^|[^\d])([45])\d\d[ -]/.exec(text);
  return reply ? `${reply[1]}.0.0` : undefined;
}
