import type { MailServerSettings } from '../shared/mail-server-url.js';
import { mailServerFromEnv } from '../shared/mail-server-url.js';
import type { PreparedMessage } from './message.js';

/** Where messages go: an SMTP server, or .eml files in the outbox when none is configured. */
export interface Transport {
  kind: 'smtp' | 'outbox';
  /** Safe to print: never contains the password. */
  description: string;
  verify(): Promise<void>;
  /**
   * Delivers one message. A failure is a `SendFailure` when the outcome is known not to be a
   * delivery (`cancelled`: `stop` fired before the message was handed to a connection) or may be
   * one (`outcomeUnknown`: the connection dropped or timed out after the whole message was sent,
   * before the server's reply).
   */
  send(message: PreparedMessage, options?: { stop?: AbortSignal }): Promise<{ response: string }>;
  close(): Promise<void>;
}

export type SendFailure = Error & { cancelled?: boolean; outcomeUnknown?: boolean; code?: string; responseCode?: number };

export type SmtpSettings = MailServerSettings;

/** SMTP settings from SMTP_URL, or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_SECURE; none when unset. */
export function smtpSettingsFromEnv(env: NodeJS.ProcessEnv): SmtpSettings | undefined {
  return mailServerFromEnv(env, 'smtp');
}
