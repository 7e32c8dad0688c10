import type { Command } from 'commander';
import { processOutput } from './output.js';

export const WEEK_HELP = 'ISO week (2023-W52), date (2023-12-27), "this" (default) or "last"';

/** A command's entry point: its positional arguments, then its flags (with the global --config), then where to print. */
type CommandFn = (...args: never[]) => Promise<number>;

/** Wraps a lazily loaded command as a commander action that reports its exit code. */
export type Action = (load: () => Promise<CommandFn>) => (...args: unknown[]) => Promise<void>;

/** Command modules load only when their command runs, so --help and the other commands stay fast. */
export function actionFor(setExit: (code: number) => void): Action {
  return (load) =>
    async (...args) => {
      const command = args.at(-1) as Command;
      const flags = args.at(-2) as Record<string, unknown>;
      const globals = command.optsWithGlobals();
      const run = (await load()) as (...params: unknown[]) => Promise<number>;
      setExit(await run(...args.slice(0, -2), { ...flags, config: globals.config }, processOutput(globals)));
    };
}
