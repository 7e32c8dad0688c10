import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './errors.js';

export interface OutputRules {
  /** What is written, for messages: "the archive", "the built issue". */
  what: string;
  /** The flag that chose the folder and its value as given, for messages: `--out public`. */
  flag: string;
  cwd: string;
  /** Folders the output may neither be nor contain: the project, digests/, templates/. */
  notContaining: string[];
  /** Folders the output may not be inside (digests/, templates/)… */
  notInside: string[];
  /** …except this one (compose's own week folder). */
  allowed?: string;
  /** A file an earlier output left: a folder that is not empty must hold it. */
  marker: string;
}

/**
 * Like maizzle, refuses an output folder that would write over what the user keeps: the project
 * or a folder above it, items and templates, or a folder already holding other files.
 */
export async function refuseUnsafeOutput(out: string, rules: OutputRules): Promise<void> {
  const shown = (dir: string) => path.relative(rules.cwd, dir) || '.';
  const refuse = (why: string) =>
    new UserError(`${rules.flag}: refusing to write ${rules.what} ${why}`, {
      hint: `Choose a folder of its own: a new or empty one, or one an earlier ${rules.what.replace(/^the /, '')} was written to.`,
    });
  for (const dir of rules.notContaining) {
    if (isInsideOrSame(dir, out)) throw refuse(`into ${dir === rules.cwd ? 'the project folder' : shown(dir)} or a folder containing it`);
  }
  for (const dir of rules.notInside) {
    if (isInsideOrSame(out, dir) && out !== rules.allowed) throw refuse(`inside ${shown(dir)}${path.sep}`);
  }
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw refuse(`there: ${fileErrorReason(error)}`);
  }
  if (entries.length > 0 && !entries.includes(rules.marker) && out !== rules.allowed) {
    throw refuse(`into a folder that holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}) and no earlier ${rules.marker}`);
  }
}

/** True when `child` is `parent` or lies inside it. */
export function isInsideOrSame(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'a file is in the way',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EFBIG: 'the file size limit was reached',
};

/**
 * Runs a read or write of `shown`, turning the file system's refusal (a full disk, no permission,
 * a file where a folder should be) into a user error naming the file, not an unexpected crash.
 */
export async function explainFileError<T>(shown: string, doing: string, run: () => Promise<T>, more: { details?: string[]; hint?: string } = {}): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UserError || !(error as NodeJS.ErrnoException).code) throw error;
    throw new UserError(`${shown}: cannot ${doing} (${fileErrorReason(error)})`, {
      details: more.details ?? [],
      hint: more.hint ?? 'Check that the folder exists, is writable and has space, then run the command again.',
    });
  }
}

/**
 * A write that failed because the file's folder does not exist (ENOENT), said as such: the path
 * in the config (`setting`) is mistyped, or the folder not made yet. The folder is not created
 * for the user: a mistyped path would quietly start a second file beside the one they keep.
 */
export function missingFolderError(error: unknown, shownFile: string, setting: string, hint?: string): UserError | undefined {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  return new UserError(`${shownFile}: the folder ${path.dirname(shownFile)}${path.sep} does not exist: create it, or correct ${setting}`, hint ? { hint } : {});
}

/** `ENOSPC: no space left on the disk`, for messages about a failed read or write. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) return (error as Error).message;
  return REASONS[code] ? `${code}: ${REASONS[code]}` : code;
}
