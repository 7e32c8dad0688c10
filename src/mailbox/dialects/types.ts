import type { Reason } from '../reasons.js';

/**
 * Wording that names a reason. Patterns are matched against the diagnostic text lower-cased,
 * with runs of white space made one space and curly quotes made straight, so they are written
 * in lower case with single spaces. They must stay linear (no nested quantifiers): they run on
 * whatever a stranger's server wrote.
 */
export interface Phrase {
  reason: Reason;
  pattern: RegExp;
  /** The family whose own wording it is; none for the wording all families share. */
  dialect?: string;
}

/**
 * How one family of mail systems writes returned mail when there is no machine-readable part,
 * or writes the human-readable part beside one.
 */
export interface Dialect {
  name: string;
  /** Lines only this family writes in a returned message: seeing one is enough to call it one. */
  signatures: RegExp[];
  /** Headers only this family puts on its reports (lower case): one is enough to call it one. */
  headers?: string[];
  /** Where its report stops and the copy of the original message starts. */
  copyMarkers: RegExp[];
  /** Wording of its own, beside the common wording every family shares. */
  phrases: Phrase[];
  /** Status codes this family gives a meaning of its own (Exchange Online's 5.7.5xx, ...), over RFC 3463's. */
  codes?: Array<[RegExp, Reason]>;
  /** The DSN field that names the address the sender used, when it is not Final-Recipient. */
  recipientField?: 'original-recipient';
}

/** Shorthand for the tables: `phrases('userunknown', /a/, /b/)`. */
export function phrases(reason: Reason, ...patterns: RegExp[]): Phrase[] {
  return patterns.map((pattern) => ({ reason, pattern }));
}
