/**
 * Tokens compose leaves in the built artifacts for `send` to fill per recipient. They survive
 * HTML escaping and MJML untouched, so personalising is a plain string substitution.
 */
export const PLACEHOLDERS = {
  unsubscribeUrl: '%%UNSUBSCRIBE_URL%%',
  /** Only emitted when the config has a `greeting`. */
  greeting: '%%GREETING%%',
} as const;

/** The placeholders an issue built with this config contains. */
export function placeholdersFor(config: { greeting?: unknown }): { unsubscribeUrl: string; greeting: string | null } {
  return { unsubscribeUrl: PLACEHOLDERS.unsubscribeUrl, greeting: config.greeting ? PLACEHOLDERS.greeting : null };
}
