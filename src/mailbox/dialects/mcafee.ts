import { phrases, type Dialect } from './types.js';

/**
 * McAfee Email (and Web) Security appliances (`X-NAI-Header`): a text part that lists each
 * address under `--- The following addresses had delivery problems ---` with the reason in
 * brackets, and a delivery-status part with neither a Status nor a Final-Recipient. Its
 * `Unknown user <address>` is the answer of the directory it checks recipients against.
 */
export const mcafee: Dialect = {
  name: 'mcafee',
  headers: ['x-nai-header'],
  signatures: [/^\s*-+ ?the following addresses had delivery problems ?-+\s*$/im],
  copyMarkers: [],
  phrases: [
    ...phrases('userunknown', /\bunknown user \S+@\S/),
  ],
};
