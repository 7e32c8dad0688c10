import { phrases, type Dialect } from './types.js';

/**
 * KDDI's au one net and EZweb (Japanese mobile mail): no DSN part, a sender that is neither
 * MAILER-DAEMON nor postmaster (`no-reply@...`), a Japanese subject, and a short report in
 * Japanese with the server's English beneath it: `Could not be delivered to: <address>` and a
 * reason line (`As their mailbox is full.`).
 */
export const kddiEzweb: Dialect = {
  name: 'kddi-ezweb',
  signatures: [/^\s*could not be delivered to: <[^>\s]+@[^>\s]+>\s*$/im],
  copyMarkers: [],
  phrases: [
    ...phrases('mailboxfull', /\bas their mailbox is full\b/, /メールボックスが一杯/),
  ],
};
