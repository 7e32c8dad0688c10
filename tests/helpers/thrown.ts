import type { UserError } from '../../src/shared/errors.js';

/**
 * The error a call throws (or its promise rejects with), to assert its message, details and hint
 * together; fails the test when there is none.
 */
export function thrown(call: () => Promise<unknown>): Promise<UserError>;
export function thrown(call: () => unknown): UserError;
export function thrown(call: () => unknown): UserError | Promise<UserError> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return error as UserError;
  }
  if (result instanceof Promise) {
    return result.then(
      () => {
        throw new Error('expected an error, but the call succeeded');
      },
      (error: unknown) => error as UserError,
    );
  }
  throw new Error('expected an error, but the call returned');
}
