import { phrases, type Dialect } from './types.js';

/** Exim, and the hosts built on it (cPanel, mail.ru's relays, many ISPs). */
export const exim: Dialect = {
  name: 'exim',
  signatures: [
    /^this message was created automatically by mail delivery software/im,
    /^a message that you sent could not be delivered to one or more of its/im,
    /^a message that you sent has not yet been delivered to one or more of its/im,
    /^a message that you sent contained one or more recipient addresses that were\s+incorrectly constructed/im,
  ],
  copyMarkers: [/^-+ ?this is a copy of (?:the|your) message, including all the headers/im, /^-+ ?the body of the message is \d+ characters long/im],
  phrases: [
    ...phrases('userunknown', /\bunknown local-part\b/, /\bno such person at this address\b/, /\buser not found\b/),
    ...phrases('hostunknown', /\bunrouteable address\b/, /\ball relevant mx records point to non-existent hosts\b/, /\ball host address lookups failed permanently\b/),
    ...phrases('notaccept', /\ban mx or srv record indicated no smtp service\b/, /\bno host found for existing smtp connection\b/),
    ...phrases('mailererror', /\bchild process of \S+ transport returned\b/),
    ...phrases('expired', /\bretry time not reached for any host after a long failure period\b/),
    ...phrases('syntaxerror', /\bmalformed address\b/),
  ],
};
