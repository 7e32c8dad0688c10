import { phrases, type Dialect } from './types.js';

/** qmail and its descendants (netqmail, vpopmail, qmail-toaster, and look-alikes such as mail.ru's old relay). */
export const qmail: Dialect = {
  name: 'qmail',
  signatures: [/^hi\. this is the qmail-send program at /im, /^i'm afraid i wasn't able to deliver your message to the following addresses/im, /\bthis is a permanent error; i've given up\b/i],
  copyMarkers: [/^-+ ?below this line is a copy of the message/im, /^-+ ?original message follows/im],
  phrases: [
    ...phrases('userunknown', /\bno mailbox here by that name\b/, /\bsorry, (?:no mailbox|user unknown|badrcptto)\b/, /\bbadrcptto list\b/, /\bvdeliver(?:mail)?: (?:invalid|unknown)/),
    ...phrases('hostunknown', /\bsorry, i couldn't find any host (?:named|by that name)\b/, /\bcouldn't find any host named\b/),
    ...phrases('mailboxfull', /\bvdeliver(?:mail)?: (?:user is )?over quota\b/),
    ...phrases('networkerror', /\bsorry, i wasn't able to establish an smtp connection\b/, /\bconnected to \S+ but (?:greeting|connection) failed\b/),
    ...phrases('blocked', /\bconnected to \S+ but my name was rejected\b/),
    ...phrases('rejected', /\bconnected to \S+ but sender was rejected\b/),
    ...phrases('notaccept', /\bsorry, i couldn't find a mail exchanger or ip address\b/),
  ],
};
