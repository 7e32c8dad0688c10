import { phrases, type Dialect } from './types.js';

/**
 * Report styles of smaller families: GMX/1&1 and web.de, Zoho, OpenSMTPD, Oracle Messaging
 * Server, Novell GroupWise, MDaemon, IMail, Kerio, SmarterMail, hMailServer, Apache James,
 * and the generic English most others use. Their wording needs nothing of its own.
 */
export const others: Dialect = {
  name: 'others',
  signatures: [
    /^your message (?:could not|cannot) be delivered\b/im,
    /^(?:the )?(?:following|original) message (?:could not be|was not|has not been|cannot be) delivered/im,
    /^(?:message|mail) delivery (?:to the following recipients? )?(?:has )?failed/im,
    /^delivery (?:to the following recipients? )?(?:has )?failed(?: permanently)?:?\s*$/im,
    /^(?:i'm|we're) sorry,? (?:but )?(?:your message|we were unable to deliver)/im,
    /^unable to deliver (?:your )?message to the following (?:recipients?|address(?:es)?)/im,
    /^this is the mail delivery agent at /im,
    /^an? (?:message|email) (?:that )?you sent (?:could not|couldn't) be delivered/im,
    /^the message (?:you sent|below) (?:to \S+ )?(?:could not|cannot|was unable to) be delivered/im,
    /^(?:delivery status notification|undeliverable message|non-delivery report)\s*$/im,
  ],
  copyMarkers: [
    /^-+ ?(?:original|returned|undelivered|unsent|your) message(?: headers)? ?(?:follows)? ?-*\s*$/im,
    /^-+ ?(?:begin|start) (?:of )?(?:original|returned|forwarded) message/im,
    /^-+ ?(?:a copy of )?the (?:original|returned) message/im,
  ],
  phrases: [...phrases('userunknown', /\bthe following recipients? (?:was|were) undeliverable\b/)],
};
