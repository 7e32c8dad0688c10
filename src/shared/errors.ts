/** Exit codes are public contract (README, design.md): scripts and CI rely on them. */
export const EXIT = {
  ok: 0,
  /** The job failed: bad input, nothing to compose, undeliverable messages. */
  failed: 1,
  /** Wrong usage: unknown flag, malformed argument. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Marks every UserError, so `instanceof` also knows those thrown by the bundled engine (dist/engine.cjs has its own copy of this class). */
const USER_ERROR = Symbol.for('watch-digest.UserError');

/**
 * The one error type a user should ever see. The message names the file, field
 * or argument; the hint says what to do. Caught only in src/cli/index.ts.
 */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  /** Further lines, e.g. one per invalid item when several are wrong at once. */
  readonly details: readonly string[];

  constructor(message: string, options: { hint?: string; exitCode?: ExitCode; details?: readonly string[] } = {}) {
    super(message);
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.details = options.details ?? [];
    Object.defineProperty(this, USER_ERROR, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== UserError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [USER_ERROR]?: unknown })[USER_ERROR] === true;
  }
}

export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: EXIT.usage });
    this.name = 'UsageError';
  }
}

/**
 * What a person reads for an error: the message, one line per detail, and the hint for a
 * UserError; for anything else, that it is a bug (with the stack when debugging).
 */
export function describeError(error: unknown, debug: boolean): { lines: string[]; exitCode: ExitCode } {
  if (error instanceof UserError) {
    return { lines: [`error: ${error.message}`, ...error.details.map((line) => `  ${line}`), ...(error.hint ? [`hint: ${error.hint}`] : [])], exitCode: error.exitCode };
  }
  const message = (error as Error)?.message ?? String(error);
  const advice = debug ? `${(error as Error)?.stack ?? ''}` : 'This is a bug in watch-digest; set WATCH_DIGEST_DEBUG=1 to see the stack trace and report it.';
  return { lines: [`watch-digest: unexpected error: ${message}`, advice], exitCode: EXIT.failed };
}
