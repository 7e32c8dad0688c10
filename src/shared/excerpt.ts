// C0 and C1 controls (tab and newline too: a message is one line), and the bidi overrides that reorder what follows.
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a user's file as a message quotes it: short, on one line, every control character
 * written as an escape (`\x1b`) so nothing reaches the terminal as a command or as junk.
 */
export function excerpt(value: string, max = 40): string {
  const chars = [...value];
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : value;
  return cut.replace(UNSHOWABLE, (char) => {
    const code = char.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
