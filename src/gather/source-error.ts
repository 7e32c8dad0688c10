import { clean } from '../scrape/plain-text.js';

/**
 * A source that cannot be read: the message says what is wrong, the hint what to do. Both may
 * quote the source (a parser's error quotes the document), so both are kept to one line
 * without control characters: they reach the terminal and the inbox.
 */
export class SourceError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(clean(message));
    this.name = 'SourceError';
    this.hint = clean(hint);
  }
}
