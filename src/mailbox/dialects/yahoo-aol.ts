import { phrases, type Dialect } from './types.js';

/** Yahoo, AOL and Verizon (one company's mail systems, several report styles). */
export const yahooAol: Dialect = {
  name: 'yahoo-aol',
  signatures: [
    /^sorry, we were unable to deliver your message to the following address/im,
    /^unable to deliver message to the following address\(es\)/im,
    /^this message was not delivered to the following recipients?/im,
    /^your mail to the following recipients could not be delivered/im,
  ],
  copyMarkers: [/^-+ ?original message ?-+/im, /^-+ ?original message follows/im],
  phrases: [
    ...phrases('userunknown', /\bdelivery error: dd (?:this user|not a valid recipient|requested mailbox is not valid)/, /\bmailbox (?:does not exist|not found)\b/),
    ...phrases('suspend', /\bdelivery error: dd sorry your message to \S+ cannot be delivered\. this mailbox is disabled\b/, /\bthis account has been disabled or discontinued\b/),
    ...phrases('blocked', /\bmessages from \S+ temporarily deferred\b/, /\btemporarily deferred due to user complaints\b/, /\b\[ts0[1-4]\]/),
    ...phrases('spamdetected', /\bmessage (?:content )?rejected as spam\b/),
  ],
};
