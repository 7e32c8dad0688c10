import { phrases, type Dialect } from './types.js';

/** Sendmail, and the many MTAs that copied its report (Sun/Oracle, V5 sendmail, IMail, ...). */
export const sendmail: Dialect = {
  name: 'sendmail',
  signatures: [
    /^-+ ?the following addresses had (?:permanent )?fatal errors/im,
    /^-+ ?transcript of session follows/im,
    /^the original message was received at /im,
    /^\s*-+ ?the following addresses had transient non-fatal errors/im,
  ],
  copyMarkers: [/^\s*-+ ?(?:original message|returned message|unsent message) follows/im, /^\s*-+ ?message header follows/im],
  phrases: [
    ...phrases('hostunknown', /\bhost unknown \(name server/, /\bname server: \S+: host not found\b/),
    ...phrases('expired', /\bcannot send message for \d+ (?:days?|hours?)\b/, /\bwarning: could not send message for past \d+/),
    ...phrases('userunknown', /\.\.\. user unknown\b/),
  ],
};
