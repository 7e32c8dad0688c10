import { Option, type Command } from 'commander';
import { WEEK_HELP, type Action } from './action.js';
import { examples, ITEM_FIELDS_HELP } from './help-text.js';

/** compose, preview, check, archive: building and looking at an issue. */
export function addIssueCommands(program: Command, action: Action): void {
  program
    .command('compose')
    .description("build a week's issue into digests/<week>/ (issue.html, issue.txt, issue.mjml, issue.json)")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('-o, --out <dir>', 'write the built issue here instead of digests/<week>/')
    .option('--refresh', 'fetch URL-only items again instead of using digests/.cache/')
    .option('--allow-changed', 'replace a built issue whose send has begun (the rest of the list gets the new version)')
    .option('--strict', "fail on warnings about the week's items too (as `warningsAsErrors` in the config does)")
    .addHelpText('after', examples('watch-digest compose --week              # this week', 'watch-digest compose --week 2024-W10', 'watch-digest compose --week last --strict') + ITEM_FIELDS_HELP)
    .action(action(() => import('./compose.js').then((m) => m.composeCommand)));

  program
    .command('preview')
    .description('serve the issue on 127.0.0.1 at desktop and phone widths, rebuilding on every change')
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('-p, --port <n>', 'port on 127.0.0.1 (default: 4300; 0 picks a free one)')
    .option('--open', 'open it in the system browser')
    .addHelpText('after', examples('watch-digest preview --open', 'watch-digest preview --week 2024-W10 --port 0'))
    .action(action(() => import('./preview.js').then((m) => m.previewCommand)));

  program
    .command('check')
    .description('preflight the built issue (composing it if needed); exit 1 on any error, so CI stops before send')
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('--links', 'also fetch every link and report broken ones')
    .option('--dns', "also look up SPF, DMARC and the DKIM key of the From domain")
    .option('--strict', 'exit 1 on warnings too (as `warningsAsErrors` in the config does)')
    .addHelpText('after', examples('watch-digest check', 'watch-digest check --week 2024-W10 --links --dns'))
    .action(action(() => import('./check.js').then((m) => m.checkCommand)));

  program
    .command('archive')
    .description('build a static web archive of every built issue, with an Atom feed')
    .option('-o, --out <dir>', 'output folder (default: public/)')
    .addHelpText('after', examples('watch-digest archive', 'watch-digest archive --out site'))
    .action(action(() => import('./archive.js').then((m) => m.archiveCommand)));
}
