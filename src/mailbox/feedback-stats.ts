import { readMailboxLog, type MailboxEvent } from './mailbox-log.js';
import { describeRefusal, isReason } from './reasons.js';

export interface WeekFeedback {
  /** Addresses whose message of that week hard- or soft-bounced. */
  hardBounced: number;
  softBounced: number;
  complained: number;
  /** Sends the receiving side refused for a reason not about the address, by domain and reason, most first. */
  refusals: Refusal[];
  /** Rates against the messages sent, or null before anything was sent. */
  hardBounceRate: number | null;
  complaintRate: number | null;
  warnings: string[];
}

export interface Refusal {
  domain: string;
  reason: string;
  /** Addresses of that domain refused for that reason. */
  count: number;
  /** `blocked by gmail.com for policy` */
  summary: string;
}

/**
 * Thresholds mailbox providers and relays act on. Gmail and Yahoo require a spam-complaint rate
 * below 0.3% (and advise below 0.1%); Amazon SES reviews an account at 0.1% complaints and 5%
 * bounces (and may pause it at 0.5% and 10%). A healthy list stays under about 2% hard bounces.
 */
const COMPLAINT_LIMIT = 0.003;
const COMPLAINT_ADVISED = 0.001;
const BOUNCE_REVIEW = 0.05;
const BOUNCE_HEALTHY = 0.02;

/** The bounces and complaints the mailbox log records for a week's issue, against what was sent. */
export async function weekFeedback(logFile: string, shownLogFile: string, week: string, sent: number): Promise<WeekFeedback> {
  const events = (await readMailboxLog(logFile, shownLogFile)).filter((event) => event.week === week);
  const distinct = (kind: string) => new Set(events.filter((e) => e.kind === kind).map((e) => e.email.toLowerCase())).size;
  const hard = distinct('bounced-hard');
  const complained = distinct('complained');
  return { hardBounced: hard, softBounced: distinct('bounced-soft'), complained, refusals: refusalsOf(events), ...rates(hard, complained, sent) };
}

/** The week's refused sends, grouped by the receiving domain and the reason, for "blocked by X for policy (3)". */
export function refusalsOf(events: readonly Pick<MailboxEvent, 'kind' | 'email' | 'reason'>[]): Refusal[] {
  const groups = new Map<string, { domain: string; reason: string; emails: Set<string> }>();
  for (const event of events) {
    if (event.kind !== 'refused') continue;
    const domain = event.email.slice(event.email.lastIndexOf('@') + 1).toLowerCase();
    const reason = isReason(event.reason) ? event.reason : 'undefined';
    const key = `${domain} ${reason}`;
    const group = groups.get(key) ?? { domain, reason, emails: new Set<string>() };
    group.emails.add(event.email.toLowerCase());
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ domain, reason, emails }) => ({ domain, reason, count: emails.size, summary: describeRefusal(isReason(reason) ? reason : 'undefined', domain) }))
    .sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain) || a.reason.localeCompare(b.reason));
}

export function rates(hard: number, complained: number, sent: number): Pick<WeekFeedback, 'hardBounceRate' | 'complaintRate' | 'warnings'> {
  if (sent <= 0) return { hardBounceRate: null, complaintRate: null, warnings: [] };
  const hardBounceRate = hard / sent;
  const complaintRate = complained / sent;
  const warnings: string[] = [];
  const pct = (rate: number) => `${(rate * 100).toFixed(2)}%`;
  if (complaintRate > COMPLAINT_LIMIT) warnings.push(`complaint rate ${pct(complaintRate)} is above the 0.3% Gmail and Yahoo enforce: mail to them may be rejected or sent to spam`);
  else if (complaintRate > COMPLAINT_ADVISED) warnings.push(`complaint rate ${pct(complaintRate)} is above 0.1%, where Gmail advises staying below and Amazon SES starts a review`);
  if (hardBounceRate >= BOUNCE_REVIEW) warnings.push(`hard-bounce rate ${pct(hardBounceRate)} is at or above 5%, where Amazon SES reviews an account (and may pause it at 10%): clean the list`);
  else if (hardBounceRate > BOUNCE_HEALTHY) warnings.push(`hard-bounce rate ${pct(hardBounceRate)} is above the 2% a healthy list stays under`);
  return { hardBounceRate, complaintRate, warnings };
}
