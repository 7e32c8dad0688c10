import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { describeError, EXIT } from '../shared/errors.js';
import { actionFor } from './action.js';
import { documentationLine } from './help-text.js';
import { addIssueCommands } from './issue-commands.js';
import { addItemCommands } from './item-commands.js';
import { addMailCommands } from './mail-commands.js';
import { envScrubber } from './output.js';
import { refuseSingleDashLongOptions } from './single-dash.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Builds the program; each action returns its exit code through `setExit`. */
function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('watch-digest')
    .description('Compose and send a weekly foreign-policy newsletter from markdown items.')
    .version(version, '-V, --version')
    .option('-c, --config <file>', 'config file (default: ./watch-digest.config.json)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'print only warnings and errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      () => `\nExit codes: 0 success, 1 the job failed (bad input, nothing to compose, not every subscriber sent), 2 wrong usage.\n${documentationLine()}`,
    )
    .exitOverride();
  const action = actionFor(setExit);
  addIssueCommands(program, action);
  addItemCommands(program, action);
  addMailCommands(program, action);
  return program;
}

/** Runs the CLI and returns the exit code; the only place errors become messages and codes. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    refuseSingleDashLongOptions(program, argv.slice(2));
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    const described = describeError(error, Boolean(process.env.WATCH_DIGEST_DEBUG));
    const scrub = envScrubber();
    for (const line of described.lines) process.stderr.write(`${scrub(line)}\n`);
    return described.exitCode;
  }
}
