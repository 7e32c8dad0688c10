/**
 * Why a message came back, in the vocabulary Sisimai made common (its reason names, so figures
 * can be compared with it), and what each reason means for the reader.
 *
 * Only reasons about the address itself ever remove a reader: the mailbox or the domain does
 * not exist, or has moved, or takes no mail at all (at once); the mailbox is full or suspended
 * (only after `mailbox.softBounceLimit` issues in a row). Everything else is the receiving
 * system refusing *this send* (its policy, its spam filter, its rate limits, our sender address,
 * the protocol, the route) and counts against the send, never against the reader.
 */
export type Reason =
  | 'userunknown'
  | 'hostunknown'
  | 'hasmoved'
  | 'notaccept'
  | 'mailboxfull'
  | 'suspend'
  | 'filtered'
  | 'blocked'
  | 'spamdetected'
  | 'policyviolation'
  | 'virusdetected'
  | 'toomanyconn'
  | 'exceedlimit'
  | 'rejected'
  | 'norelaying'
  | 'networkerror'
  | 'expired'
  | 'mesgtoobig'
  | 'contenterror'
  | 'securityerror'
  | 'systemerror'
  | 'systemfull'
  | 'mailererror'
  | 'syntaxerror'
  | 'undefined';

/** What the reason does to the reader's address. */
export type Consequence = 'suppress' | 'count' | 'never';

interface ReasonInfo {
  consequence: Consequence;
  /** What `status` says of a week's refusals for one receiving domain (`{domain}` is filled in). */
  summary: string;
}

export const REASONS: Record<Reason, ReasonInfo> = {
  userunknown: { consequence: 'suppress', summary: 'no such mailbox at {domain}' },
  hostunknown: { consequence: 'suppress', summary: 'no such domain {domain}' },
  hasmoved: { consequence: 'suppress', summary: 'mailbox moved away from {domain}' },
  notaccept: { consequence: 'suppress', summary: '{domain} takes no mail' },
  mailboxfull: { consequence: 'count', summary: 'mailbox full at {domain}' },
  suspend: { consequence: 'count', summary: 'mailbox suspended at {domain}' },
  filtered: { consequence: 'never', summary: "filtered by {domain} on the reader's own rules" },
  blocked: { consequence: 'never', summary: 'blocked by {domain} for policy (our IP, host name or reputation)' },
  spamdetected: { consequence: 'never', summary: 'blocked by {domain} as spam' },
  policyviolation: { consequence: 'never', summary: 'blocked by {domain} for policy' },
  virusdetected: { consequence: 'never', summary: 'blocked by {domain} as a virus' },
  toomanyconn: { consequence: 'never', summary: 'blocked by {domain} for our sending rate' },
  exceedlimit: { consequence: 'never', summary: 'refused by {domain} for a size or count limit' },
  rejected: { consequence: 'never', summary: 'refused by {domain} for our sender address' },
  norelaying: { consequence: 'never', summary: 'refused by {domain} as relaying' },
  networkerror: { consequence: 'never', summary: 'could not reach {domain} (network or routing)' },
  expired: { consequence: 'never', summary: 'gave up on {domain} after retrying too long' },
  mesgtoobig: { consequence: 'never', summary: 'refused by {domain} as too big' },
  contenterror: { consequence: 'never', summary: 'refused by {domain} for its content or format' },
  securityerror: { consequence: 'never', summary: 'refused by {domain} for authentication (SPF, DKIM, DMARC or TLS)' },
  systemerror: { consequence: 'never', summary: 'refused by {domain} for a fault on its side' },
  systemfull: { consequence: 'never', summary: 'refused by {domain}: its system is full' },
  mailererror: { consequence: 'never', summary: 'refused by {domain}: its delivery program failed' },
  syntaxerror: { consequence: 'never', summary: 'refused by {domain} for an SMTP protocol error' },
  undefined: { consequence: 'never', summary: 'refused by {domain} for a reason it did not give' },
};

/** What `status` says of refusals by one domain, e.g. "blocked by gmail.com for policy". */
export function describeRefusal(reason: Reason, domain: string): string {
  return REASONS[reason].summary.replace('{domain}', domain);
}

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.hasOwn(REASONS, value);
}

/**
 * RFC 3463 enhanced status codes -> reason, for the codes precise enough to say it. The
 * class (4 or 5) is left out: it says whether to retry, not why. Codes that only name a
 * subject (x.1.0, x.2.0, x.7.0, ...) and codes servers use loosely are left to the wording.
 */
const BY_CODE: Record<string, Reason> = {
  '1.1': 'userunknown',
  '1.2': 'hostunknown',
  '1.3': 'userunknown',
  '1.4': 'filtered',
  '1.6': 'hasmoved',
  '1.7': 'rejected',
  '1.8': 'rejected',
  '1.9': 'systemerror',
  '1.10': 'userunknown',
  '2.1': 'suspend',
  '2.2': 'mailboxfull',
  '2.3': 'exceedlimit',
  '2.4': 'filtered',
  '3.1': 'systemfull',
  '3.2': 'notaccept',
  '3.3': 'systemerror',
  '3.4': 'mesgtoobig',
  '3.5': 'systemerror',
  '4.1': 'expired',
  '4.2': 'networkerror',
  '4.3': 'systemerror',
  '4.4': 'hostunknown',
  '4.5': 'systemfull',
  '4.6': 'networkerror',
  '4.7': 'expired',
  '5.0': 'syntaxerror',
  '5.1': 'syntaxerror',
  '5.2': 'syntaxerror',
  '5.3': 'toomanyconn',
  '5.4': 'syntaxerror',
  '5.5': 'syntaxerror',
  '5.6': 'securityerror',
  '6.0': 'contenterror',
  '6.1': 'contenterror',
  '6.2': 'contenterror',
  '6.3': 'contenterror',
  '6.5': 'contenterror',
  '6.6': 'contenterror',
  '7.2': 'policyviolation',
  '7.13': 'suspend',
  '7.16': 'mesgtoobig',
  '7.17': 'hasmoved',
  '7.18': 'hasmoved',
  '7.23': 'securityerror',
  '7.25': 'blocked',
  '7.26': 'securityerror',
  '7.27': 'notaccept',
};

/**
 * What a temporary code (4.x.x) says where it differs from the permanent one: a server that
 * cannot route *now* (4.4.4) has a network problem, not a domain that does not exist; and a
 * temporary "no such user" is not yet a fact about the address, so only the wording decides.
 */
const TEMPORARY: Record<string, Reason | null> = { '1.1': null, '1.2': null, '1.3': null, '1.10': null, '4.4': 'networkerror' };

/** The reason an enhanced status code names on its own, if it is that precise. */
export function reasonOfCode(code: string | undefined): Reason | undefined {
  const match = /^([245])\.(\d{1,3}\.\d{1,3})$/.exec(code ?? '');
  if (!match) return undefined;
  const subjectDetail = match[2]!;
  if (match[1] === '4' && subjectDetail in TEMPORARY) return TEMPORARY[subjectDetail] ?? undefined;
  if (BY_CODE[subjectDetail]) return BY_CODE[subjectDetail];
  const subject = subjectDetail.split('.')[0];
  if (subject === '6') return 'contenterror';
  if (subject === '7' && subjectDetail !== '7.0') return 'securityerror';
  return undefined;
}
