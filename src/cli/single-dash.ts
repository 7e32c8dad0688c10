import type { Command } from 'commander';
import { UsageError } from '../shared/errors.js';

/**
 * `-week 2026-W50` reads to commander as `-w eek` plus a stray argument ("too many arguments"):
 * a long option written with one dash is named as such, with the command line corrected.
 */
export function refuseSingleDashLongOptions(program: Command, args: readonly string[]): void {
  const longNames = new Set([program, ...program.commands].flatMap((command) => command.options.map((option) => option.long).filter(Boolean)));
  const end = args.indexOf('--');
  for (const [i, arg] of args.entries()) {
    if (end >= 0 && i > end) break;
    const name = /^-([a-z][a-z-]+)(?:=.*)?$/i.exec(arg)?.[1];
    if (!name || !longNames.has(`--${name}`)) continue;
    const corrected = args.map((other, j) => (j === i ? `-${other}` : other)).join(' ');
    throw new UsageError(`"${arg}" has one dash: did you mean --${name}?`, `Long options take two dashes: watch-digest ${corrected}`);
  }
}
