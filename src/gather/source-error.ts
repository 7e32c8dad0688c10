/** A source that cannot be read: the message says what is wrong, the hint what to do. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
