/** A `{column}` in the greeting: any column of the subscriber list, by its header name in any case. */
export const GREETING_PLACEHOLDER = /\{([a-z0-9_ -]+)\}/gi;

/** The columns a greeting names, as the subscriber list's header keys them (trimmed, lower-cased), each once. */
export function greetingColumns(template: string): string[] {
  return [...new Set([...template.matchAll(GREETING_PLACEHOLDER)].map((match) => columnKey(match[1]!)))];
}

export function columnKey(name: string): string {
  return name.trim().toLowerCase();
}
