import { safeDecode } from '../shared/uri-decode.js';
import type { MailboxAddresses, Verdict } from './classify.js';
import type { ReturnedMail } from './returned-mail.js';
import { senderAuthentication } from './unsubscribe-auth.js';

const DAEMON = /^(mailer-daemon|mail-daemon|mailer_daemon|postmaster|mail\.delivery\.subsystem)@/i;

/** A request sent to the List-Unsubscribe mailto address, by a person rather than a program. */
export function unsubscribeRequest(mail: ReturnedMail, addresses: MailboxAddresses): Verdict | undefined {
  const target = addresses.unsubscribe?.toLowerCase();
  if (!target || !mail.recipients.includes(target) || !mail.from) return undefined;
  if (isAutomatic(mail)) return { kind: 'other', reason: 'an automatic reply sent to the unsubscribe address' };
  const says = /\bunsubscribe\b/i.test(mail.subject);
  const shared = addresses.own.some((own) => own.toLowerCase() === target) || addresses.bounce?.toLowerCase() === target;
  if (shared && !says) return undefined;
  const candidate = /\bunsubscribe\s+(\S{8,})/i.exec(mail.subject)?.[1];
  const authentication = senderAuthentication(mail.authResults ?? [], mail.from, addresses.authServer);
  return { kind: 'unsubscribe', sender: mail.from, token: candidate && (safeDecode(candidate) ?? candidate), authentication };
}

/** RFC 3834 auto-replies and list traffic are never requests, whatever address they reach. */
function isAutomatic(mail: ReturnedMail): boolean {
  const auto = mail.headers.get('auto-submitted')?.toLowerCase();
  if (auto && auto !== 'no') return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(mail.headers.get('precedence') ?? '')) return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('list-id')) return true;
  return DAEMON.test(mail.from ?? '') || mail.headers.get('return-path') === '<>';
}
