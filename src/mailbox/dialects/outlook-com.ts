import { phrases, type Dialect } from './types.js';

/**
 * Outlook.com and Hotmail (Microsoft's consumer mail, not Exchange). Its DSNs carry
 * X-Message-Delivery or X-Message-Info, and its "mailbox unavailable" is its own directory
 * answering that there is no such account.
 */
export const outlookCom: Dialect = {
  name: 'outlook-com',
  signatures: [],
  headers: ['x-message-delivery', 'x-message-info'],
  copyMarkers: [],
  phrases: [...phrases('userunknown', /\brequested action not taken: mailbox unavailable\b/)],
};
