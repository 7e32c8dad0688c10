import type { FieldGroup } from './report-fields.js';

/** What an Amazon SES notification (JSON, mailed by SNS) says: bounced or complaining recipients, and the original's headers. */
export interface SesNotification {
  type: 'bounce' | 'complaint';
  /** Per-recipient DSN-like fields (`final-recipient`, `action`, `status`, `diagnostic-code`). */
  recipients: FieldGroup[];
  feedbackType: string | undefined;
  /** The original's headers, when SES included them (Message-ID, X-Watch-Digest-ID). */
  headers: FieldGroup;
}

interface SesMessage {
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: Array<{ emailAddress?: string; action?: string; status?: string; diagnosticCode?: string }> };
  complaint?: { complainedRecipients?: Array<{ emailAddress?: string }>; complaintFeedbackType?: string };
  mail?: { headers?: Array<{ name?: string; value?: string }> };
}

/**
 * An SES bounce or complaint notification sent by mail: the SNS envelope's `Message` holds
 * the notification as a JSON string (or the body is the notification itself). Anything that
 * does not parse, or is another kind of notification (deliveries), is not one.
 */
export function readSesNotification(text: string): SesNotification | undefined {
  if (!/"notificationType\\?"/.test(text)) return undefined;
  const body = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  // Mail transports fold long lines; a fold inside a JSON string breaks it, so unfold and retry.
  const message = parseMessage(body) ?? parseMessage(body.replace(/\r?\n[ \t]/g, ' ').replace(/\r?\n/g, ''));
  if (!message) return undefined;
  const headers: FieldGroup = new Map((message.mail?.headers ?? []).flatMap((h) => (h.name && h.value ? [[h.name.toLowerCase(), h.value] as [string, string]] : [])));
  if (message.notificationType === 'Bounce') {
    const permanent = message.bounce?.bounceType === 'Permanent';
    const recipients = (message.bounce?.bouncedRecipients ?? []).map((r) => {
      const group: FieldGroup = new Map([['final-recipient', r.emailAddress ?? ''], ['action', r.action ?? 'failed']]);
      group.set('status', r.status ?? (permanent ? '5.0.0' : '4.0.0'));
      if (r.diagnosticCode) group.set('diagnostic-code', r.diagnosticCode);
      return group;
    });
    return { type: 'bounce', recipients, feedbackType: undefined, headers };
  }
  if (message.notificationType === 'Complaint') {
    const recipients = (message.complaint?.complainedRecipients ?? []).map((r): FieldGroup => new Map([['final-recipient', r.emailAddress ?? '']]));
    return { type: 'complaint', recipients, feedbackType: message.complaint?.complaintFeedbackType, headers };
  }
  return undefined;
}

function parseMessage(json: string): SesMessage | undefined {
  try {
    const outer = JSON.parse(json) as { Message?: unknown } & SesMessage;
    return typeof outer.Message === 'string' ? (JSON.parse(outer.Message.replace(/\r?\n[ \t]?/g, ' ')) as SesMessage) : outer;
  } catch {
    return undefined;
  }
}
