import { phrases, type Dialect } from './types.js';

/** Exchange from 2003 to Office 365 and Outlook.com: NDR text, `#550 5.1.1 RESOLVER...##` lines. */
export const microsoft: Dialect = {
  name: 'microsoft',
  signatures: [
    /^did not reach the following recipient\(s\):/im,
    /^delivery has failed to these recipients or (?:groups|distribution lists):/im,
    /^your message (?:did not reach|couldn't be delivered to|wasn't delivered to|to \S+ couldn't be delivered)/im,
    /^the following recipient\(s\) (?:could not be reached|cannot be reached):/im,
    /^diagnostic information for administrators:/im,
    /^original message details$/im,
  ],
  headers: ['x-ms-exchange-message-is-ndr'],
  copyMarkers: [/^original message headers:/im, /^-+ ?original message ?-+/im],
  phrases: [
    ...phrases('userunknown', /\bresolver\.adr\.(?:ex)?recip(?:ient)?notfound\b/, /\brecipient name is not recognized\b/, /\b(?:000c05a6|unknown recipient)\b/, /\brecipientnotfound\b/, /\bthe email address you entered couldn't be found\b/),
    ...phrases('mailboxfull', /\bresolver\.rst\.(?:recipient|mailbox)full\b/, /\bmailbox_full\b/),
    ...phrases('mesgtoobig', /\bresolver\.rst\.recipsizelimit\b/, /\bmessage exceeds the maximum message size\b/),
    ...phrases('filtered', /\bresolver\.rst\.notauthorized\b/, /\bresolver\.rst\.restrictedtorecipients\b/),
    ...phrases('securityerror', /\bresolver\.rst\.authrequired\b/, /\bdelivery to this address is restricted\b/),
    ...phrases('blocked', /\bbanned sending ip\b/, /\baccess denied, (?:banned|blocked)\b/, /\bnot authenticated to the\b/),
    ...phrases('hostunknown', /\bsmtpsend\.dns\.nonexistentdomain\b/),
    ...phrases('networkerror', /\bdns lookup failed\b/, /\bserver (?:did not|didn't) respond\b/, /\bsmtpsend\.dns\.mxloopback\b/),
    ...phrases('expired', /\bmessage (?:was not delivered|couldn't be delivered) (?:within|for) /, /\bdelivery (?:expired|has expired)\b/),
    ...phrases('policyviolation', /\bmessage (?:was )?rejected by (?:the )?(?:recipient's )?(?:organization|mailbox)\b/, /\btransport rule\b/),
  ],
  // Exchange Online's own codes, as Microsoft documents its NDRs.
  codes: [
    [/^5\.1\.10$/, 'userunknown'],
    [/^5\.4\.1$/, 'norelaying'], // "Recipient address rejected: Access denied": the tenant does not take mail for it here
    [/^[45]\.4\.(?:316|7)$/, 'expired'],
    [/^[45]\.4\.(?:6|312)$/, 'networkerror'],
    [/^5\.6\.11$/, 'contenterror'],
    [/^5\.7\.(?:12|13|124|13[3-6]|511)$/, 'rejected'], // the sender may not write to this recipient or group
    [/^5\.7\.(?:23|57|509|512)$/, 'securityerror'],
    [/^5\.7\.50[1-3]$/, 'spamdetected'],
    [/^5\.7\.50[45]$/, 'filtered'],
    [/^5\.7\.(?:50[67]|510|60[6-9]|6[1-4]\d)$/, 'blocked'],
    [/^5\.7\.(?:508|7[0-4]\d)$/, 'toomanyconn'],
  ],
};
