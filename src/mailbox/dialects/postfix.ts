import { phrases, type Dialect } from './types.js';

/** Postfix, with a DSN part or in the older plain-text form (`<addr>: host ... said: ...`). */
export const postfix: Dialect = {
  name: 'postfix',
  signatures: [/^this is the mail system at host /im, /^this is the postfix program at host /im, /^i'm sorry to have to inform you that your message could not/im],
  copyMarkers: [/^-+ ?undelivered message attached/im, /^-+ ?delivery report follows/im, /^\s*-+ ?original message follows/im],
  phrases: [
    ...phrases('userunknown', /\buser unknown in (?:local recipient|virtual mailbox|virtual alias|relay recipient) table\b/, /\bunknown user: "/),
    ...phrases('hostunknown', /\bhost or domain name not found\b/),
    ...phrases('blocked', /\brefused to talk to me\b/, /\bclient host rejected\b/),
    ...phrases('mailererror', /\bcommand died with status\b/),
  ],
};
