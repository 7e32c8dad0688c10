import { phrases, type Dialect } from './types.js';

/**
 * Ipswitch IMail (SMTP32): no DSN part, one `Label: address` line per recipient (`Unknown user:`,
 * `Invalid final delivery userid:`, `Delivery failed 20 attempts:`), then the remote reply after
 * a line naming the command it answered (`RCPT TO generated following response:`).
 */
export const imail: Dialect = {
  name: 'imail',
  signatures: [
    /^invalid final delivery userid: /im,
    /^(?:additional )?rcpt to generated following response:\s*$/im,
    /^(?:data command|body of message) generated response:\s*$/im,
    /^delivery failed \d+ attempts: /im,
  ],
  copyMarkers: [/^original message follows\.\s*$/im],
  phrases: [
    ...phrases('userunknown', /\binvalid final delivery userid\b/, /^unknown user: \S+@/),
    ...phrases('mailboxfull', /\buser mailbox exceeds allowed size\b/),
    ...phrases('expired', /\bdelivery failed \d+ attempts\b/),
  ],
};
