import path from 'node:path';
import { initAnswers } from './init-prompts.js';
import type { Output } from './output.js';
import type { InitResult } from '../commands/init.js';

export async function initCommand(dir: string | undefined, flags: { name?: string; from?: string; timeZone?: string; dependency?: string }, output: Output): Promise<number> {
  const { initNewsletter, hasConfig, CONFIG_FILE } = await import('../commands/init.js');
  const { nextSteps } = await import('../commands/init-checklist.js');
  const target = path.resolve(dir ?? '.');
  // A config that exists is kept: nothing is asked for it, and no default is "used".
  const keepsConfig = await hasConfig(target);
  const answers = await initAnswers(flags, !keepsConfig);
  if (keepsConfig) answers.defaults = [];
  const result = await initNewsletter({
    dir: target,
    name: answers.name,
    from: answers.from,
    timeZone: answers.timeZone,
    ...(flags.dependency ? { dependency: flags.dependency } : {}),
  });
  if (output.json) {
    output.out(JSON.stringify({ ...result, defaults: answers.defaults }));
    return 0;
  }
  if (answers.defaults.length) {
    output.err(`note: no terminal to ask, so init used the defaults: ${answers.defaults.join(', ')}.`);
    output.err('  Change them in watch-digest.config.json (check refuses a reserved example domain such as example.org).');
  }
  const shown = path.relative(process.cwd(), target) || '.';
  output.out(`Created in ${shown}${path.sep}:`);
  for (const file of result.created) output.out(`  ${file}${file === 'package.json' && result.packageMerge ? ` (exists: added ${result.packageMerge.added.join(', ')})` : ''}`);
  for (const file of result.kept) output.out(`  ${file} (exists, kept as it was${file === CONFIG_FILE ? ignoredFlags(flags) : keptPackageNote(file, result)})`);
  // Its own dependency on watch-digest is named below, with the others init prints.
  const keptFields = result.packageMerge?.kept.filter((field) => field !== 'dependencies.watch-digest') ?? [];
  if (keptFields.length) output.out(`  package.json keeps its own ${keptFields.join(', ')}`);
  const { dependency } = result;
  output.out(`\npackage.json depends on watch-digest ${dependency.spec} (${dependency.origin}).`);
  if (dependency.kind === 'file') {
    output.out('  That path works on this machine only: before the weekly workflow can install the newsletter on GitHub,');
    output.out('  point it at a published version or a git URL (`npm install watch-digest@<version>` or `npm install git+https://…#<commit>`).');
  }
  output.out('');
  for (const line of nextSteps({ shownDir: shown, fromDomain: answers.from.split('@')[1] ?? answers.from })) output.out(line);
  return 0;
}

/** What a package.json that was kept refused, if anything. */
function keptPackageNote(file: string, result: InitResult): string {
  return file === 'package.json' && result.packageMerge?.refused ? `: ${result.packageMerge.refused}` : '';
}

/** The flags that went into the config init would have written, now that it keeps the one there. */
function ignoredFlags(flags: { name?: string; from?: string; timeZone?: string }): string {
  const ignored = [flags.name && '--name', flags.from && '--from', flags.timeZone && '--time-zone'].filter((flag): flag is string => Boolean(flag));
  if (!ignored.length) return '';
  const listed = ignored.length === 1 ? ignored[0] : `${ignored.slice(0, -1).join(', ')} and ${ignored.at(-1)}`;
  return `: ${listed} ${ignored.length === 1 ? 'was' : 'were'} not applied; edit the file to change ${ignored.length === 1 ? 'it' : 'them'}`;
}
