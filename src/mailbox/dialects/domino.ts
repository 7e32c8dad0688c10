import { phrases, type Dialect } from './types.js';

/** IBM/HCL Lotus Notes and Domino. */
export const domino: Dialect = {
  name: 'domino',
  signatures: [/^your message\s+subject: .*\s+was not delivered to:/im, /^was not delivered to:\s*$/im, /^-+ ?failure reasons\s*-+\s*$/im],
  copyMarkers: [/^-+ ?original message ?-+/im, /^-+ ?returned message ?-+/im],
  phrases: [
    ...phrases('userunknown', /ディレクトリのリストにありません|ディレクトリには見つかりません/, /\bnot listed in (?:the )?(?:domino directory|public name & address book|name & address book)\b/, /\bno such user in domino\b/, /\bentry not found in (?:the )?directory\b/),
    ...phrases('mailboxfull', /\bmail file (?:size )?(?:is full|exceeds the maximum)/),
    ...phrases('networkerror', /\bunable to (?:route|locate a route to)\b/),
  ],
};
