import { phrases, type Dialect } from './types.js';

/** Gmail and Google Workspace, old ("Delivery to the following recipient failed") and new ("** Address not found **"). */
export const google: Dialect = {
  name: 'google',
  signatures: [
    /^delivery to the following recipients? failed permanently:/im,
    /^delivery to the following recipients? has been delayed:/im,
    /^technical details of (?:permanent|temporary) failure:/im,
    /^\*\* (?:address not found|message not delivered|message blocked|delivery incomplete|message rejected|mailbox full|domain not found) \*\*/im,
    /^your message wasn't delivered to /im,
  ],
  copyMarkers: [/^-+ ?original message ?-+/im, /^-+ ?forwarded message ?-+/im],
  phrases: [
    ...phrases('userunknown', /\bthe email account that you tried to reach does not exist\b/, /\bnosuchuser\b/),
    ...phrases('hostunknown', /\bbecause the domain \S+ couldn't be found\b/, /\bdomain not found\b/, /\bdns error: (?:domain name not found|dns type '\w+' lookup of \S+ responded with code nxdomain)\b/),
    ...phrases('suspend', /\bthe email account that you tried to reach is disabled\b/, /\bthe account is (?:disabled|inactive)\b/),
    ...phrases('mailboxfull', /\bthe email account that you tried to reach is over quota\b/, /\binbox is out of storage space\b/),
    ...phrases('expired', /\bdid not accept our requests to connect\b/, /\bgoogle tried to deliver your message, but .{0,80}?(?:timed out|delay)\b/),
  ],
};
