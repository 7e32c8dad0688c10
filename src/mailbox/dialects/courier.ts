import { phrases, type Dialect } from './types.js';

/** Courier MTA (and its `>>> COMMAND` / `<<< reply` transcripts). */
export const courier: Dialect = {
  name: 'courier',
  signatures: [/^this is a delivery status notification from \S+,\s+running the courier mail server/im, /^\s+undeliverable mail\s*$/im, /^your message to the following recipients cannot be delivered:/im],
  copyMarkers: [/^the original message follows as a separate attachment/im],
  phrases: [...phrases('networkerror', /\bdns lookup failed\b/), ...phrases('expired', /\bdelivery to this address has been delayed\b/)],
};
