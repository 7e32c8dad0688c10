import type { Dialect } from './types.js';

/**
 * Sun/Oracle Messaging Server and PMDF. Its Final-Recipient is often the mailbox the address was
 * routed to inside the system (`user@ims-ms-daemon`, `USER@host.example`); the address the sender
 * used is the Original-Recipient ("Original address:" in the text), so that one names the reader.
 */
export const messagingServer: Dialect = {
  name: 'messaging-server',
  signatures: [/^this report relates to a message you sent with the following header fields:/im],
  copyMarkers: [],
  phrases: [],
  recipientField: 'original-recipient',
};
