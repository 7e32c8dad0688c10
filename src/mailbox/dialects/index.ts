import type { Reason } from '../reasons.js';
import { amazon } from './amazon.js';
import { COMMON_PHRASES } from './common.js';
import { SEND_PHRASES } from './common-send.js';
import { courier } from './courier.js';
import { domino } from './domino.js';
import { exim } from './exim.js';
import { google } from './google.js';
import { imail } from './imail.js';
import { kddiEzweb } from './kddi-ezweb.js';
import { mailruYandex } from './mailru-yandex.js';
import { mcafee } from './mcafee.js';
import { messagingServer } from './messaging-server.js';
import { microsoft } from './microsoft.js';
import { others } from './others.js';
import { outlookCom } from './outlook-com.js';
import { postfix } from './postfix.js';
import { qmail } from './qmail.js';
import { sendmail } from './sendmail.js';
import type { Dialect, Phrase } from './types.js';
import { yahooAol } from './yahoo-aol.js';

export type { Dialect, Phrase } from './types.js';

/** Every family; `others` last, as its signatures are the loosest. */
export const DIALECTS: readonly Dialect[] = [exim, postfix, sendmail, qmail, microsoft, domino, courier, google, yahooAol, amazon, mailruYandex, imail, messagingServer, outlookCom, mcafee, kddiEzweb, others];

/**
 * The order reasons are tried in, when wording matches several: what the refusal is about
 * beats the words it shares with others. A full mailbox or a too-big message often says
 * "user" or "mailbox" too, and a block for spam or policy often names the recipient, so
 * those come before the address-level reasons; the vaguest (system, protocol) come last.
 */
export const PRIORITY: readonly Reason[] = [
  'mailboxfull', 'mesgtoobig', 'exceedlimit', 'suspend', 'hasmoved', 'norelaying', 'virusdetected', 'spamdetected',
  'blocked', 'toomanyconn', 'policyviolation', 'securityerror', 'rejected', 'notaccept', 'filtered', 'userunknown',
  'hostunknown', 'systemfull', 'networkerror', 'expired', 'contenterror', 'mailererror', 'systemerror', 'syntaxerror',
];

/**
 * All wording in the order above, whoever wrote it: what a refusal is about decides, as in a
 * family's own report a "user not found" still gives way to "sender verify failed". Within a
 * reason the families' own wording comes first (diagnose prefers the reporting family's).
 */
const dialectPhrases = DIALECTS.flatMap((d) => d.phrases.map((p) => ({ ...p, dialect: d.name })));
export const PHRASES: readonly Phrase[] = [...dialectPhrases, ...COMMON_PHRASES, ...SEND_PHRASES].sort((a, b) => PRIORITY.indexOf(a.reason) - PRIORITY.indexOf(b.reason));

export const COPY_MARKERS: readonly RegExp[] = DIALECTS.flatMap((d) => d.copyMarkers);

/** What a family's own code table says a status code means, if the report is that family's. */
export function dialectCode(dialect: string | undefined, status: string | undefined): Reason | undefined {
  const codes = dialectNamed(dialect)?.codes ?? [];
  return status ? codes.find(([pattern]) => pattern.test(status))?.[1] : undefined;
}

/** The family whose own headers a report carries. */
export function dialectByHeaders(headers: ReadonlyMap<string, string>): string | undefined {
  return DIALECTS.find((d) => d.headers?.some((name) => headers.has(name)))?.name;
}

/** The family by its name. */
export function dialectNamed(name: string | undefined): Dialect | undefined {
  return DIALECTS.find((d) => d.name === name);
}
