// Files small enough to read in one sitting, functions that do one job (design.md, "Style").
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/fixture.js';
import { readSources } from '../../helpers/source-imports.js';

const MAX_FILE_LINES = 210;
const MAX_FUNCTION_LINES = 65;

/** Functions longer than `max` lines, as "file:line name: n lines". */
function longFunctions(file: string, text: string, max: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = source.getLineAndCharacterOfPosition(node.end).line - start + 1;
      const name = (node as { name?: ts.Node }).name?.getText() ?? '(anonymous)';
      if (lines > max) found.push(`${file}:${start + 1} ${name}: ${lines} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the size of src/', () => {
  const sources = readSources(path.join(PROJECT_ROOT, 'src'));

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = sources.map(({ file, text }) => ({ file, lines: text.split('\n').length })).filter(({ lines }) => lines > MAX_FILE_LINES);
    expect(long.map(({ file, lines }) => `${file}: ${lines} lines`)).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(sources.flatMap(({ file, text }) => longFunctions(file, text, MAX_FUNCTION_LINES))).toEqual([]);
  });

  it('measures a long function as long, and a short one as short', () => {
    const body = Array.from({ length: 70 }, (_, i) => `  const x${i} = ${i};`).join('\n');
    expect(longFunctions('a.ts', `function long() {\n${body}\n}\nconst short = () => 1;\n`, MAX_FUNCTION_LINES)).toEqual(['a.ts:1 long: 72 lines']);
  });
});
