import { parse, ParseErrorCode, printParseErrorCode } from 'jsonc-parser';
import { docPage } from '../shared/doc-page.js';

export interface JsonProblem {
  line: number;
  column: number;
  /** What is wrong there, in words. */
  what: string;
  /** How to fix it. */
  hint: string;
}

/**
 * Where JSON.parse failed and why, for a file a person edits: line and column (JSON.parse gives
 * a byte position at best, and none for some errors) from jsonc-parser's strict scan, and the
 * usual causes named: a trailing comma, a comment, single quotes, an unquoted name, a missing comma.
 */
export function describeJsonError(text: string): JsonProblem | undefined {
  const errors: Array<{ error: ParseErrorCode; offset: number; length: number }> = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return { line, column, ...explain(first.error, text, first.offset) };
}

function explain(code: ParseErrorCode, text: string, offset: number): { what: string; hint: string } {
  const here = text.slice(offset, offset + 1);
  const previous = text.slice(0, offset).trimEnd().at(-1);
  if ((code === ParseErrorCode.PropertyNameExpected || code === ParseErrorCode.ValueExpected) && previous === ',' && (here === '}' || here === ']')) {
    return { what: `a comma before "${here}" with nothing after it (a trailing comma)`, hint: `Remove the comma after the last ${here === '}' ? 'field' : 'item'}: JSON allows none there.` };
  }
  if (code === ParseErrorCode.InvalidCommentToken) return { what: 'a comment', hint: 'JSON has no comments: remove the comment.' };
  if (code === ParseErrorCode.InvalidSymbol && here === "'") return { what: 'single quotes', hint: 'JSON strings and field names take double quotes: "name", not \'name\'.' };
  if (code === ParseErrorCode.InvalidSymbol && /[A-Za-z_$]/.test(here) && (previous === '{' || previous === ',')) {
    return { what: 'a field name without quotes', hint: 'Put field names in double quotes: "name": "…".' };
  }
  if (code === ParseErrorCode.CommaExpected) return { what: 'a missing comma', hint: 'Separate fields (and list items) with commas: one after each value but the last.' };
  if (code === ParseErrorCode.UnexpectedEndOfString) return { what: 'a text value that does not end on its line', hint: 'Close the text with " on the same line; write a line break inside it as \\n.' };
  if (text.trim() === '') return { what: 'the file is empty', hint: `Write \`{}\` to use every default (${docPage('configuration.md')} lists the fields).` };
  if (offset >= text.trimEnd().length) {
    return { what: 'the file ends before the JSON does', hint: 'Is the file cut short? Every "{" and "[" needs its closing "}" or "]".' };
  }
  if (code === ParseErrorCode.CloseBraceExpected || code === ParseErrorCode.CloseBracketExpected) {
    const closing = code === ParseErrorCode.CloseBraceExpected ? '}' : ']';
    return { what: `"${closing}" expected`, hint: 'Every "{" and "[" needs its closing "}" or "]", and fields are separated by commas.' };
  }
  return { what: words(printParseErrorCode(code)), hint: 'Check the JSON around that place: double-quoted names and strings, commas between fields, no trailing comma.' };
}

/** "PropertyNameExpected" -> "property name expected". */
const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
