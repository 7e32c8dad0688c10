import { phrases, type Dialect } from './types.js';

/** Mail.ru and Yandex: Exim-like reports, often in Russian as well as English. */
export const mailruYandex: Dialect = {
  name: 'mailru-yandex',
  signatures: [
    /^message was not delivered to recipient/im,
    /^сообщение не (?:было )?доставлено/im,
    /^не удалось доставить сообщение/im,
  ],
  copyMarkers: [/^-+ ?это копия сообщения/im, /^-+ ?this is a copy of the message/im],
  phrases: [
    // Mail.ru runs Exim: its "user not found" is its own directory's answer, as Exim's is.
    ...phrases('userunknown', /нет такого пользователя|пользователь не найден|адрес не существует|почтовый ящик не существует/, /\buser not found\b/),
    ...phrases('mailboxfull', /ящик (?:получателя )?переполнен|превышен(?:а)? (?:квота|размер ящика)/),
    ...phrases('spamdetected', /сообщение (?:было )?(?:отклонено|заблокировано) как спам|спам/),
  ],
};
