import { phrases, type Dialect } from './types.js';

/** Amazon SES (bounces it sends and forwards) and Amazon WorkMail. */
export const amazon: Dialect = {
  name: 'amazon',
  signatures: [
    /^an error occurred while trying to deliver the mail to the following recipients:/im,
    /^the following message to <[^>]+> was undeliverable\./im,
    /"notificationtype"\s*:\s*"bounce"/im,
  ],
  copyMarkers: [/^-+ ?original message ?-+/im],
  phrases: [
    ...phrases('userunknown', /\bunknown address error\b/),
    ...phrases('filtered', /\bsuppressed by the amazon ses suppression list\b/, /\bon the account-level suppression list\b/),
    ...phrases('toomanyconn', /\bthrottling failure\b/),
  ],
};
