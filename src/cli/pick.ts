import path from 'node:path';
import { EXIT, UsageError } from '../shared/errors.js';
import type { Inbox, PickChoice, PickOutcome } from '../commands/pick.js';
import type { ItemKind } from '../items/item.js';
import type { Output } from './output.js';

export interface PickFlags {
  week?: string | true;
  as?: ItemKind;
  config?: string;
}

export async function pickCommand(numbers: string[], flags: PickFlags, output: Output): Promise<number> {
  const chosen = parseNumbers(numbers);
  const interactive = chosen.length === 0;
  if (interactive && !(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new UsageError('pick needs candidate numbers when not run on a terminal', 'Give them, e.g. `watch-digest pick 2 5 --as news`; the numbers are in digests/<week>/inbox.md.');
  }
  if (interactive && flags.as) throw new UsageError('--as goes with candidate numbers', 'On a terminal without numbers, pick asks the kind of each candidate.');
  const { readInbox, pickCandidates } = await import('../commands/pick.js');
  const inbox = await readInbox({ cwd: process.cwd(), ...(flags.config ? { configFile: flags.config } : {}), ...(typeof flags.week === 'string' ? { week: flags.week } : {}) });

  let choices: PickChoice[];
  if (interactive) {
    const { triage } = await import('./pick-triage.js');
    const answer = await triage(inbox);
    // The prompt already said that nothing was written.
    if (answer === 'cancelled') return EXIT.failed;
    choices = answer;
    if (choices.length === 0) {
      if (!output.quiet && !output.json) output.out('Nothing picked.');
      return EXIT.ok;
    }
  } else {
    choices = chosen.map((number) => ({ number, ...(flags.as ? { kind: flags.as } : {}) }));
  }

  const outcomes = await pickCandidates(inbox, choices, {
    onPicked: (outcome) => {
      if (outcome.warning) output.err(`warning: ${outcome.number}. ${outcome.warning}`);
    },
  });
  const cwd = process.cwd();
  if (inbox.sent && outcomes.some((o) => o.file)) output.err(`warning: ${inbox.sent}; pick from another week's inbox (--week) to file items there`);
  if (output.json) {
    output.out(JSON.stringify({ week: inbox.week.label, items: outcomes.map((o) => (o.file ? { ...o, file: path.relative(cwd, o.file) } : o)) }));
    return EXIT.ok;
  }
  if (!output.quiet) printOutcomes(inbox, outcomes, output);
  return EXIT.ok;
}

function printOutcomes(inbox: Inbox, outcomes: PickOutcome[], output: Output): void {
  const written = outcomes.filter((o) => o.file);
  const width = Math.max(...outcomes.map((o) => String(o.number).length));
  for (const outcome of outcomes) {
    const number = `${String(outcome.number).padStart(width)}.`;
    if (outcome.file) output.out(`  ${number} ${outcome.kind.padEnd(10)} ${path.relative(process.cwd(), outcome.file)}`);
    else output.out(`  ${number} skipped: ${outcome.skipped}`);
  }
  if (written.length) {
    output.out(`Wrote ${written.length} item${written.length === 1 ? '' : 's'} for ${inbox.week.label}. Rewrite the drafted text in your own words, then \`watch-digest preview\`.`);
  }
}

/** "2 5", "2,5" and "2-4" (a range) are all accepted. */
export function parseNumbers(args: readonly string[]): number[] {
  const numbers: number[] = [];
  for (const part of args.flatMap((arg) => arg.split(',')).map((p) => p.trim()).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range && Number(range[1]) >= 1 && Number(range[1]) <= Number(range[2])) {
      for (let n = Number(range[1]); n <= Number(range[2]); n++) numbers.push(n);
    } else if (/^\d+$/.test(part) && Number(part) >= 1) {
      numbers.push(Number(part));
    } else {
      throw new UsageError(`"${part}" is not a candidate number`, 'Use the numbers in digests/<week>/inbox.md, e.g. `watch-digest pick 2 5` or `watch-digest pick 2-4`.');
    }
  }
  return [...new Set(numbers)];
}

