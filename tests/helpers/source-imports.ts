import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folders of src/, lowest first: a folder may import itself and the folders before it, nothing after. */
export const LAYERS = [
  'shared',
  'items',
  'config',
  'web',
  'audience',
  'endpoint',
  'issue',
  'built',
  'scrape',
  'render',
  'gather',
  'send',
  'check',
  'mailbox',
  'preview',
  'commands',
  'engine',
  'cli',
] as const;

export interface SourceFile {
  /** Relative to src/, with `/`. */
  file: string;
  text: string;
}

/** Every .ts file under `srcDir`. */
export function readSources(srcDir: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push({ file: path.relative(srcDir, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(srcDir);
  return files;
}

/** Relative specifiers a file imports: static, type-only, re-exports and dynamic import(). */
export function importsOf(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'";]*?\sfrom\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|^import\s+'(\.[^']+)'/gm)) {
    found.add((match[1] ?? match[2] ?? match[3])!);
  }
  return [...found];
}

/** Each import that breaks the layers, as "from -> to: why". */
export function layerViolations(sources: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  const rank = (folder: string) => (LAYERS as readonly string[]).indexOf(folder);
  for (const { file, text } of sources) {
    const folder = file.includes('/') ? file.split('/')[0]! : '';
    if (!folder) {
      problems.push(`${file}: a loose file at the top of src/; put it in the folder of its layer`);
      continue;
    }
    if (rank(folder) < 0) {
      problems.push(`${file}: folder "${folder}" is not in the layer list (tests/helpers/source-imports.ts)`);
      continue;
    }
    for (const specifier of importsOf(text)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const targetFolder = target.split('/')[0]!;
      if (targetFolder === folder) continue;
      if (rank(targetFolder) < 0) problems.push(`${file} -> ${target}: outside the layers`);
      else if (rank(targetFolder) > rank(folder)) problems.push(`${file} -> ${target}: ${folder}/ may not import ${targetFolder}/, a layer above it`);
    }
  }
  return problems;
}
