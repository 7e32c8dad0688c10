/**
 * The brand values that templates write into CSS. HTML escaping is wrong inside CSS (a <style>
 * block decodes no entities, so `&#39;` stays six characters and its `;` splits the declaration),
 * so these values are validated instead: a font stack or a colour can hold nothing that ends a
 * declaration, a rule or the <style> element, and needs no escaping in CSS or in an attribute.
 */

// A family name: a quoted string of letters, digits, spaces and - _ . +, or the same unquoted
// (identifiers separated by spaces, none starting with a digit), as in `-apple-system`.
const QUOTED_NAME = String.raw`'[\p{L}\p{M}\p{N} ._+-]+'|"[\p{L}\p{M}\p{N} ._+-]+"`;
const IDENTIFIER = String.raw`-?[\p{L}_][\p{L}\p{M}\p{N}_-]*`;
const FAMILY = `(?:${QUOTED_NAME}|${IDENTIFIER}(?: +${IDENTIFIER})*)`;
const FONT_STACK = new RegExp(String.raw`^${FAMILY}(?: *, *${FAMILY})*$`, 'u');
const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const LENGTH = /^\d{1,4}(?:\.\d{1,3})?(?:px|em|rem|%)?$/;

export const FONT_STACK_EXAMPLE = `'Helvetica Neue', Arial, sans-serif`;

export function isFontStack(value: string): boolean {
  return value.length <= 300 && FONT_STACK.test(value);
}

/** Why a font stack was refused, naming the first character that cannot be in one when there is such. */
export function fontStackProblem(value: string): string {
  const bad = /[^\p{L}\p{M}\p{N} ._+,'"-]/u.exec(value)?.[0];
  const shown = bad === undefined ? '' : `${JSON.stringify(bad)} cannot be in a font stack; `;
  return `${shown}expected family names, plain or in quotes, separated by commas, such as "${FONT_STACK_EXAMPLE}" (letters, digits, spaces and - _ . + only)`;
}

/** A value that may go into CSS unescaped: a font stack, a hex colour or a plain length. */
export function isSafeCssValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && (COLOR.test(value) || LENGTH.test(value) || isFontStack(value));
}
