import { Option, type Command } from 'commander';
import { WEEK_HELP, type Action } from './action.js';
import { examples, ITEM_FIELDS_HELP } from './help-text.js';

/** scrape, add, gather, pick, init: making items and newsletters. */
export function addItemCommands(program: Command, action: Action): void {
  program
    .command('scrape')
    .description('fetch an article page and print what watch-digest extracts from it (writes nothing)')
    .argument('<url>', 'the article page')
    .addHelpText('after', examples('watch-digest scrape https://example.org/2024/03/06/talks-resume', 'watch-digest --json scrape https://example.org/2024/03/06/talks-resume'))
    .action(action(() => import('./scrape.js').then((m) => m.scrapeCommand)));

  program
    .command('add')
    .description("scrape an article into a markdown item under digests/<week>/ for you to review")
    .argument('<url>', 'the article page (or, with --import, a roundup page)')
    .addOption(new Option('-k, --kind <kind>', 'the kind of item').choices(['lead', 'news', 'state-dept', 'related']).default('news'))
    .option('-d, --date <YYYY-MM-DD>', "the item's date (default: the article's, else today)")
    .addOption(new Option('-w, --week [week]', `the week whose folder it goes in (default: the week of --date, else a related read's this week, others the week of their date): ${WEEK_HELP}`))
    .option('--import', 'read a Diplomacy Watch-style roundup: write its lead, news bullets and State Department note')
    .addHelpText(
      'after',
      examples(
        'watch-digest add https://example.org/2024/03/06/talks-resume                # a news bullet, in the week of its date',
        'watch-digest add https://example.org/analysis --kind lead --week           # this week\'s lead',
        'watch-digest add https://example.org/2019/background --kind related --week # an older read, in this week\'s issue',
        'watch-digest add https://example.org/diplomacy-watch-roundup --import',
      ) + ITEM_FIELDS_HELP,
    )
    .action(action(() => import('./add.js').then((m) => m.addCommand)));

  program
    .command('gather')
    .description("fetch the feeds and listing pages in the config; write the week's candidates to digests/<week>/inbox.md")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .addHelpText('after', '\nExit codes: 0 gathered (failed sources are listed), 1 every source failed or the config is wrong, 2 wrong usage.')
    .addHelpText('after', examples('watch-digest gather', 'watch-digest gather --week last'))
    .action(action(() => import('./gather.js').then((m) => m.gatherCommand)));

  program
    .command('pick')
    .description("turn inbox candidates into items with drafted text (on a terminal without numbers: go through them one by one)")
    .argument('[numbers...]', 'candidate numbers from digests/<week>/inbox.md')
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .addOption(new Option('-a, --as <kind>', "the kind of item to make (default: each candidate's own)").choices(['lead', 'news', 'state-dept', 'related']))
    .addHelpText('after', examples('watch-digest pick                 # on a terminal: go through the inbox one by one', 'watch-digest pick 3 7 12', 'watch-digest pick 2 --as lead'))
    .action(action(() => import('./pick.js').then((m) => m.pickCommand)));

  program
    .command('init')
    .description('scaffold a newsletter repository: config, templates, an example week, subscribers, the weekly workflow')
    .argument('[dir]', 'where (default: the current folder)')
    .option('--name <name>', "the newsletter's name (asked on a terminal)")
    .option('--from <address>', 'the sender address (asked on a terminal)')
    .option('--time-zone <zone>', 'the IANA time zone "this week" and issue dates are read in, e.g. Europe/Berlin (asked on a terminal)')
    .option('--dependency <spec>', 'how the new package.json depends on watch-digest (default: where this copy was installed from)')
    .addHelpText('after', examples('watch-digest init my-newsletter --name "My Newsletter" --from news@example.org', 'watch-digest init . --dependency watch-digest@^0.1.0'))
    .action(action(() => import('./init.js').then((m) => m.initCommand)));
}
