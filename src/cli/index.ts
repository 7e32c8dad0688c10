import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UserError } from '../shared/errors.js';
import { processOutput } from './output.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const WEEK_HELP = 'ISO week (2023-W52), date (2023-12-27), "this" (default) or "last"';

/** A command's entry point: its positional arguments, then its flags (with the global --config), then where to print. */
type CommandFn = (...args: never[]) => Promise<number>;

/** Builds the program; each action returns its exit code through `setExit`. */
function buildProgram(setExit: (code: number) => void): Command {
  // Command modules load only when their command runs, so --help and the other commands stay fast.
  const action =
    (load: () => Promise<CommandFn>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args.at(-1) as Command;
      const flags = args.at(-2) as Record<string, unknown>;
      const globals = command.optsWithGlobals();
      const run = (await load()) as (...params: unknown[]) => Promise<number>;
      setExit(await run(...args.slice(0, -2), { ...flags, config: globals.config }, processOutput(globals)));
    };

  const program = new Command('watch-digest')
    .description('Compose and send a weekly foreign-policy newsletter from markdown items.')
    .version(version, '-V, --version')
    .option('-c, --config <file>', 'config file (default: ./watch-digest.config.json)')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'print only warnings and errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 the job failed (bad input, nothing to compose, not every subscriber sent), 2 wrong usage.\nDocumentation: README.md',
    )
    .exitOverride();

  program
    .command('compose')
    .description("build a week's issue into digests/<week>/ (issue.html, issue.txt, issue.mjml, issue.json)")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('-o, --out <dir>', 'write the built issue here instead of digests/<week>/')
    .option('--refresh', 'fetch URL-only items again instead of using digests/.cache/')
    .option('--allow-changed', 'replace a built issue whose send has begun (the rest of the list gets the new version)')
    .option('--strict', "fail on warnings about the week's items too (as `warningsAsErrors` in the config does)")
    .action(action(() => import('./compose.js').then((m) => m.composeCommand)));

  program
    .command('preview')
    .description('serve the issue on 127.0.0.1 at desktop and phone widths, rebuilding on every change')
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('-p, --port <n>', 'port on 127.0.0.1 (default: 4300; 0 picks a free one)')
    .option('--open', 'open it in the system browser')
    .action(action(() => import('./preview.js').then((m) => m.previewCommand)));

  program
    .command('check')
    .description('preflight the built issue (composing it if needed); exit 1 on any error, so CI stops before send')
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('--links', 'also fetch every link and report broken ones')
    .option('--dns', "also look up SPF, DMARC and the DKIM key of the From domain")
    .option('--strict', 'exit 1 on warnings too (as `warningsAsErrors` in the config does)')
    .action(action(() => import('./check.js').then((m) => m.checkCommand)));

  program
    .command('scrape')
    .description('fetch an article page and print what watch-digest extracts from it (writes nothing)')
    .argument('<url>', 'the article page')
    .action(action(() => import('./scrape.js').then((m) => m.scrapeCommand)));

  program
    .command('add')
    .description("scrape an article into a markdown item under digests/<week>/ for you to review")
    .argument('<url>', 'the article page (or, with --import, a roundup page)')
    .addOption(new Option('-k, --kind <kind>', 'the kind of item').choices(['lead', 'news', 'state-dept', 'related']).default('news'))
    .option('-d, --date <YYYY-MM-DD>', "the item's date (default: the article's, else today)")
    .addOption(new Option('-w, --week [week]', `the week whose folder it goes in (default: the week of --date, else a related read's this week, others the week of their date): ${WEEK_HELP}`))
    .option('--import', 'read a Diplomacy Watch-style roundup: write its lead, news bullets and State Department note')
    .action(action(() => import('./add.js').then((m) => m.addCommand)));

  program
    .command('gather')
    .description("fetch the feeds and listing pages in the config; write the week's candidates to digests/<week>/inbox.md")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .addHelpText('after', '\nExit codes: 0 gathered (failed sources are listed), 1 every source failed or the config is wrong, 2 wrong usage.')
    .action(action(() => import('./gather.js').then((m) => m.gatherCommand)));

  program
    .command('pick')
    .description("turn inbox candidates into items with drafted text (on a terminal without numbers: go through them one by one)")
    .argument('[numbers...]', 'candidate numbers from digests/<week>/inbox.md')
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .addOption(new Option('-a, --as <kind>', "the kind of item to make (default: each candidate's own)").choices(['lead', 'news', 'state-dept', 'related']))
    .action(action(() => import('./pick.js').then((m) => m.pickCommand)));

  program
    .command('archive')
    .description('build a static web archive of every built issue, with an Atom feed')
    .option('-o, --out <dir>', 'output folder (default: public/)')
    .action(action(() => import('./archive.js').then((m) => m.archiveCommand)));

  program
    .command('unsubscribe')
    .description('add an address, or the address of a signed unsubscribe token, to the suppression file')
    .argument('<address-or-token>', 'an email address, or a token from an unsubscribe link')
    .action(action(() => import('./unsubscribe.js').then((m) => m.unsubscribeCommand)));

  program
    .command('init')
    .description('scaffold a newsletter repository: config, templates, an example week, subscribers, the weekly workflow')
    .argument('[dir]', 'where (default: the current folder)')
    .option('--name <name>', "the newsletter's name (asked on a terminal)")
    .option('--from <address>', 'the sender address (asked on a terminal)')
    .option('--dependency <spec>', 'how the new package.json depends on watch-digest (default: where this copy was installed from)')
    .action(action(() => import('./init.js').then((m) => m.initCommand)));

  program
    .command('send')
    .description("mail a built week's issue to every subscriber (SMTP from the environment; else .eml files in the outbox)")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('--subscribers <file>', 'subscriber CSV (default: the config\'s "subscribers", subscribers.csv)')
    .option('--to <address>', 'send one [TEST] copy to this address only; no ledger')
    .option('--dry-run', 'print who would be mailed; send nothing')
    .option('-y, --yes', 'do not ask for confirmation (required when not on a terminal)')
    .option('--connections <n>', 'SMTP connections in the pool (default: 5)')
    .option('--rate <per-second>', 'at most this many messages per second')
    .option('--shard <I/N>', 'send only the I-th of N hash partitions of the list, with its own ledger')
    .option('--strict', 'fail on the first invalid subscriber row instead of skipping it')
    .option('--allow-changed', 'continue a send although the issue was recomposed since it began')
    .option('--allow-stale', 'send the built issue although items, templates or the config changed since compose')
    .option('--retry-failed', 'try again the subscribers that failed permanently before')
    .option('--retry-unknown', 'mail again the subscribers whose delivery is unknown (connection lost after the message was sent)')
    .action(action(() => import('./send.js').then((m) => m.sendCommand)));

  program
    .command('mailbox')
    .description('read the bounce / unsubscribe mailbox (IMAP_URL): suppress hard bounces, repeated soft bounces, complaints and mailed unsubscribes')
    .option('--dry-run', 'show what would be suppressed and moved; change nothing')
    .action(action(() => import('./mailbox.js').then((m) => m.mailboxCommand)));

  program
    .command('status')
    .description("a week's send ledger: sent, failed permanently (with the server's reason), pending")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('--subscribers <file>', 'subscriber CSV to count pending against')
    .action(action(() => import('./status.js').then((m) => m.statusCommand)));

  return program;
}

/** Runs the CLI and returns the exit code; the only place errors become messages and codes. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UserError) {
      process.stderr.write(`error: ${error.message}\n`);
      for (const line of error.details) process.stderr.write(`  ${line}\n`);
      if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
      return error.exitCode;
    }
    process.stderr.write(`watch-digest: unexpected error: ${(error as Error).message}\n`);
    if (process.env.WATCH_DIGEST_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    else process.stderr.write('This is a bug in watch-digest; set WATCH_DIGEST_DEBUG=1 to see the stack trace and report it.\n');
    return EXIT.failed;
  }
}
