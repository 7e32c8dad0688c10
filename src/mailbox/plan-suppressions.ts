import type { Suppression, SuppressionReason } from '../audience/suppression.js';
import type { EventKind, MailboxEvent } from './mailbox-log.js';
import { softStreak } from './mailbox-log.js';

/** A new event about an address, before it is logged. */
export interface NewEvent {
  /** Identifies the event in the result (the message's IMAP uid). */
  id: number;
  kind: EventKind;
  email: string;
  week?: string;
  status?: string;
  detail?: string;
}

export interface SuppressionPlan {
  /** Addresses to suppress, with their reasons; an address may appear twice (the file keeps the first). */
  wanted: Suppression[];
  /** Each soft bounce's run of issues in a row, by event id. */
  streaks: Map<number, number>;
}

const IMMEDIATE: Partial<Record<EventKind, SuppressionReason>> = { 'bounced-hard': 'bounced-hard', complained: 'complained', unsubscribed: 'unsubscribed' };

/**
 * Which new events suppress their address: hard bounces, complaints and unsubscribes at once;
 * a soft bounce when it ends a run of `softBounceLimit` soft-bounced issues in a row, counting
 * the soft bounces already in the log and the weeks the ledgers say the address was sent.
 */
export function planSuppressions(events: readonly NewEvent[], log: readonly Pick<MailboxEvent, 'kind' | 'email' | 'week'>[], weeksSent: ReadonlyMap<string, readonly string[]>, softBounceLimit: number, at: string): SuppressionPlan {
  const softWeeks = new Map<string, Set<string>>();
  for (const event of [...log, ...events]) {
    if (event.kind !== 'bounced-soft' || !event.week) continue;
    const key = event.email.toLowerCase();
    softWeeks.set(key, (softWeeks.get(key) ?? new Set()).add(event.week));
  }
  const wanted: Suppression[] = [];
  const streaks = new Map<number, number>();
  for (const event of events) {
    const key = event.email.toLowerCase();
    let reason = IMMEDIATE[event.kind];
    let detail = [event.status, event.detail].filter(Boolean).join(' ');
    if (event.kind === 'bounced-soft' && event.week) {
      const streak = softStreak(softWeeks.get(key)!, weeksSent.get(key) ?? [], event.week);
      streaks.set(event.id, streak);
      if (streak >= softBounceLimit) {
        reason = 'bounced-soft';
        detail = `${streak} soft bounces in a row, the last: ${detail}`;
      }
    }
    if (reason) wanted.push({ email: event.email, reason, date: at, detail: detail.slice(0, 300) });
  }
  return { wanted, streaks };
}
