/**
 * Tokens compose leaves in the built artifacts for `send` to fill per recipient. They survive
 * HTML escaping and MJML untouched, so personalising is a plain string substitution.
 */
export const PLACEHOLDERS = {
  unsubscribeUrl: '%%UNSUBSCRIBE_URL%%',
} as const;
