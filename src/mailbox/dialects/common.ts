import { phrases, type Phrase } from './types.js';

/**
 * Wording shared by most mail systems about the mailbox and the domain, one reason at a time
 * (refusals about the send are in common-send.ts). Written from RFC 5321/3463
 * terms and the way SMTP replies word them, not from any one server: a pattern names what is
 * wrong (the mailbox, the domain, our IP, our sender address, the content, the rate) so that
 * replies never seen before still land in the right place.
 */
const ADDRESS_WORD = '(?:user|recipient|mailbox|mail box|address|e-?mail address|e-?mail account|account|local[- ]part|addressee|destination address)';
/** A word between the noun and its verb, unless it makes the phrase about a machine ("recipient server unavailable"). */
const BETWEEN = String.raw`(?: (?!server\b|host\b|system\b|domain\b|service\b|servers\b)\S+)?`;

export const COMMON_PHRASES: Phrase[] = [
  ...phrases(
    'mailboxfull',
    /\b(?:mailbox|mail box|mailfolder|mail folder|inbox|maildir|postbox|mail storage)(?: is)? (?:full|over ?quota)\b/,
    /\bfull (?:mailbox|mail box|inbox)\b/,
    /\bquota (?:exceeded|exceed|violation|full|limit exceeded)\b/,
    /\bover (?:the |its |their )?(?:allowed |storage |disk |mailbox )?quota\b/,
    /\b(?:exceeded|exceeds|exceeding|reached) (?:its |the |their |his |her )?(?:storage|mailbox|disk|mail)? ?(?:quota|storage allocation|storage limit|disk space limit|size limit)\b/,
    /\b(?:insufficient|not enough|no) (?:disk |storage )?(?:space|storage)(?: left)? (?:in|for|on) (?:the )?(?:mailbox|user|recipient|account)/,
    /\b(?:disk|mail|user|mailbox) quota\b/,
    /\bmailbox (?:size )?limit exceeded\b/,
    /disk ?quota\b|\b(?:does not have|not) enough (?:storage |disk )?space\b|\bspace has been used up\b|\btoo much mail data\b/,
    /\bexceed(?:ed|s)? (?:the )?(?:local limit|maximum allowed storage)\b|\bboite du destinataire pleine\b/,
  ),
  ...phrases(
    'mesgtoobig',
    /\bmessage (?:is )?too (?:big|large)\b/,
    /\bmessage (?:size|length) (?:exceeds|is over|too)\b/,
    /\b(?:exceeds|exceeded|over) (?:the )?(?:maximum|max|fixed|allowed) (?:message )?size\b/,
    /\bmaximum (?:message|allowed) size\b/,
    /\bsize limit (?:exceeded|reached)\b/,
  ),
  ...phrases('exceedlimit', /\bmessage length exceeds administrative limit\b/, /\bexceeds? (?:the )?(?:administrative|recipient) limit\b/),
  ...phrases(
    'suspend',
    /\b(?:account|mailbox|user|address|recipient)(?: \S+)? (?:is |has been |was )?(?:currently |temporarily )?(?:suspended|disabled|deactivated|inactive|frozen|locked)\b/,
    /\b(?:suspended|disabled|deactivated|inactive|locked|frozen) (?:account|mailbox|user)\b/,
    /\baccount (?:has been )?(?:closed|discontinued|expired|terminated)\b/,
    /\bmailbox unavailable or access denied\b/,
    /\b(?:invalid\/inactive|temporarily inactive) (?:user|recipient)\b|\brecipient rejected: temporarily inactive\b/,
    /\b(?:deactivated|archived) mailbox\b|\bmailbox is frozen\b|\btemporar(?:y|ily) locked\b|\buser suspended\b/,
  ),
  ...phrases('hasmoved', /\bhas been replaced by\b/, /\buser has moved\b/, /\buser not local; please try\b/),
  ...phrases(
    'notaccept',
    /\bdoes not accept (?:any )?(?:e-?)?mail\b(?! from)/,
    /\bnull ?mx\b/,
    /\bno mx (?:record|host)s? (?:found )?for\b/,
  ),
  ...phrases(
    'filtered',
    /\b(?:recipient|user)(?:'s)? (?:preferences|rules|filter)\b/,
    /\bblocked by (?:the )?(?:recipient|user)\b/,
    /\b(?:only accepting|only accepts) (?:mail|messages) from\b/,
    /\bis not accepting (?:any )?(?:mail|messages)\b/,
    /\brefuses? to receive (?:mail|messages)\b/,
  ),
  ...phrases(
    'userunknown',
    new RegExp(String.raw`\b(?:no such|unknown|invalid|non-?existent|nonexisting|non-?existing|bad|illegal) ${ADDRESS_WORD}\b`),
    new RegExp(String.raw`\b${ADDRESS_WORD}(?: name)?${BETWEEN} (?:does not|doesn't|did not|do not) exist`),
    new RegExp(String.raw`\b${ADDRESS_WORD}(?: name)?${BETWEEN} (?:not found|unknown|not known|is unknown|not listed|was not found|could not be found|couldn't be found|is not recognized|not recognized|is not valid|not valid|invalid|not present|is not a known user)\b`),
    new RegExp(String.raw`\b(?:mailbox|recipient|address)${BETWEEN} (?:unavailable|not available|is unavailable)\b`),
    /\bnot (?:a )?(?:valid|known|local) (?:user|recipient|mailbox|address)\b/,
    /\bno (?:mailbox|account|user) (?:by that name|here|with that name|found)\b/,
    /\baddress rejected: (?:user unknown|unknown user|invalid user|access denied)/,
    /\bthere is no one at this address\b/,
    /\bthis user doesn't have an? \S+ account\b/,
    /\bthe address couldn't be found\b/,
    /\b(?:no longer|not) (?:a valid|an active|accepting mail at this) (?:address|mailbox|user)\b/,
  ),
  ...phrases(
    'hostunknown',
    /\b(?:host|domain|host or domain)(?: name)?(?: \S+)? (?:not found(?!,? try again)|unknown|does not exist|doesn't exist|could not be found|not resolvable)\b/,
    /\b(?:no such|unknown|non-?existent) (?:host|domain|mail domain)\b|\binvalid (?:host|domain) name\b/,
    /\bunroute?able (?:address|domain|recipient)\b/,
    /\bname or service not known\b/,
    /\bmx records? (?:point|points) to non-?existent hosts?\b/,
    /\bnxdomain\b/,
    /\bdomain (?:is not reachable|must exist|is not (?:a )?valid)\b/,
  ),
];
