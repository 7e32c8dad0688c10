import { addressOf, parseFieldGroups, type FieldGroup } from './report-fields.js';
import { addVerpRefs, inlineHeaders, originalRefs, type Refs } from './original-refs.js';
import type { ReturnedMail } from './returned-mail.js';

export type FeedbackVerdict =
  | { kind: 'complaint'; feedbackType: string; recipients: string[]; refs: Refs }
  /** RFC 6591: a receiver's report that mail claiming our domain failed SPF or DKIM. Not a reader's complaint. */
  | { kind: 'auth-failure'; detail: string; recipients: string[]; refs: Refs };

/** Subjects and wording of abuse reports sent without an ARF part (AOL's and Yahoo's older loops, ISPs' abuse desks). */
const COMPLAINT_SUBJECT = /\b(?:abuse|complaint|spam|fbl)[ -]?(?:report|notification|notice)\b|\bfeedback[ -]?(?:loop|report)\b|\bemail feedback\b|\bcomplaint about (?:a )?message\b|\btos notification\b|\breported as spam\b/i;
const COMPLAINT_WORDING = /\b(?:this is an?|here is an?|we received an?) (?:\S+ ){0,3}(?:e-?mail )?(?:abuse|spam|complaint) (?:report|complaint)\b|\b(?:reported|marked|flagged) (?:this |the )?(?:message |e-?mail )?as (?:spam|junk)\b|\bspam complaint\b|\bcomplained about\b/i;

/**
 * A feedback report, with or without a message/feedback-report part: the ARF fields in their
 * own part (RFC 5965), or written into the text by a loop that forwards them, or only a
 * complaint's wording beside the original message (Hotmail's JMRP marks it with
 * X-HmXmrOriginalRecipient). Authentication-failure reports are kept apart from complaints.
 */
export function readFeedback(mail: ReturnedMail, bounceAddress: string | undefined, returned: boolean): FeedbackVerdict | undefined {
  const fields = mail.feedbackReport ?? fieldsInText(mail.text);
  if (fields || mail.reportType === 'feedback-report') return fromFields(mail, fields ?? new Map(), bounceAddress);
  if (returned || (mail.originalHeaders.length === 0 && !/^(?:Message-ID|X-Watch-Digest-ID):/im.test(mail.text))) return undefined;
  const jmrp = mail.originalHeaders.some((h) => h.has('x-hmxmroriginalrecipient'));
  if (!jmrp && !COMPLAINT_SUBJECT.test(mail.subject) && !COMPLAINT_WORDING.test(mail.text.slice(0, 8192))) return undefined;
  return fromFields(mail, new Map(), bounceAddress);
}

/** ARF fields pasted into the text, when they start a line with Feedback-Type. */
function fieldsInText(text: string): FieldGroup | undefined {
  const at = /^Feedback-Type:[ \t]*\S/im.exec(text.slice(0, 16384))?.index;
  if (at === undefined) return undefined;
  return parseFieldGroups(text.slice(at, at + 4096))[0];
}

function fromFields(mail: ReturnedMail, report: FieldGroup, bounceAddress: string | undefined): FeedbackVerdict {
  // A loop that pastes the report into the text pastes the original there too.
  const refs = originalRefs([...mail.originalHeaders, inlineHeaders(mail.text.slice(0, 65536))]);
  const original = mail.originalHeaders[0];
  addVerpRefs(refs, [addressOf(report.get('original-mail-from')), addressOf(original?.get('return-path'))], bounceAddress);
  const fromReport = mail.feedbackRecipients.map(addressOf).filter((a): a is string => Boolean(a));
  const fallback = addressOf(report.get('original-rcpt-to')) ?? addressOf(original?.get('x-hmxmroriginalrecipient')) ?? /<?([^\s<>"]+@[^\s<>"]+)>?\s*$/.exec(original?.get('to') ?? '')?.[1];
  const recipients = fromReport.length ? fromReport : fallback ? [fallback] : [];
  const type = (report.get('feedback-type') ?? 'abuse').toLowerCase();
  if (type === 'auth-failure') {
    const detail = ['auth-failure', report.get('auth-failure'), report.get('source-ip') && `from ${report.get('source-ip')}`, report.get('reported-domain') && `for ${report.get('reported-domain')}`]
      .filter(Boolean)
      .join(' ');
    return { kind: 'auth-failure', detail, recipients, refs: [...refs] };
  }
  return { kind: 'complaint', feedbackType: type, recipients, refs: [...refs] };
}
