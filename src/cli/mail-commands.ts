import { Option, type Command } from 'commander';
import { WEEK_HELP, type Action } from './action.js';
import { examples, MAILBOX_ENV_HELP, SEND_ENV_HELP, UNSUBSCRIBE_ENV_HELP } from './help-text.js';

/** send, mailbox, status, unsubscribe: mailing readers and honouring what comes back. */
export function addMailCommands(program: Command, action: Action): void {
  program
    .command('unsubscribe')
    .description('add an address, or the address of a signed unsubscribe token, to the suppression file; or --pull the requests the endpoint recorded')
    .argument('[address-or-token]', 'an email address, or a token from an unsubscribe link')
    .option('--pull <url>', "the endpoint's pull address (https://…/requests): add the one-click requests it recorded since the last pull (UNSUBSCRIBE_PULL_SECRET)")
    .addHelpText('after', examples('watch-digest unsubscribe ana@example.org', 'watch-digest unsubscribe "https://example.org/unsubscribe?token=AbC…"', 'watch-digest unsubscribe --pull https://unsubscribe.example.org/requests') + UNSUBSCRIBE_ENV_HELP)
    .action(action(() => import('./unsubscribe.js').then((m) => m.unsubscribeCommand)));

  program
    .command('unsubscribe-server')
    .description('run the one-click unsubscribe endpoint (UNSUBSCRIBE_SECRET, UNSUBSCRIBE_PULL_SECRET), its requests in an append-only file')
    .requiredOption('--listen <host:port>', 'where to listen, e.g. 127.0.0.1:8787 behind a TLS proxy')
    .option('--store <file>', 'the request file (default: unsubscribe-requests.jsonl)')
    .action(action(() => import('./unsubscribe.js').then((m) => m.unsubscribeServerCommand)));

  program
    .command('send')
    .description("mail a built week's issue to every subscriber (SMTP from the environment; else .eml files in the outbox)")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('--subscribers <file>', 'subscriber CSV (default: the config\'s "subscribers", subscribers.csv)')
    .option('--to <address>', 'send one [TEST] copy to this address only; no ledger')
    .option('--dry-run', 'print who would be mailed, or why a real run would refuse; send nothing')
    .option('-y, --yes', 'do not ask for confirmation (required when not on a terminal)')
    .option('--connections <n>', 'SMTP connections in the pool (default: 5)')
    .option('--rate <per-second>', 'at most this many messages per second')
    .option('--shard <I/N>', 'send only the I-th of N hash partitions of the list, with its own ledger')
    .option('--strict', 'fail on the first invalid subscriber row instead of skipping it')
    .option('--allow-changed', 'continue a send although the issue was recomposed since it began')
    .option('--allow-stale', 'send the built issue although items, templates or the config changed since compose')
    .option('--retry-failed', 'try again the subscribers that failed permanently before')
    .option('--retry-unknown', 'mail again the subscribers whose delivery is unknown (connection lost after the message was sent)')
    .addHelpText(
      'after',
      examples('watch-digest send --to you@example.org     # a [TEST] copy to yourself', 'watch-digest send --dry-run                # who would be mailed', 'watch-digest send --week 2024-W10 --yes    # everyone, unattended (CI)') + SEND_ENV_HELP,
    )
    .action(action(() => import('./send.js').then((m) => m.sendCommand)));

  program
    .command('mailbox')
    .description('read the bounce / unsubscribe mailbox (IMAP_URL): suppress hard bounces, repeated soft bounces, complaints and mailed unsubscribes')
    .option('--dry-run', 'show what would be suppressed and moved; change nothing')
    .option('--reread', 'read again the messages earlier runs judged and left (none is counted twice)')
    .addHelpText('after', examples('watch-digest mailbox --dry-run', 'watch-digest mailbox') + MAILBOX_ENV_HELP)
    .action(action(() => import('./mailbox.js').then((m) => m.mailboxCommand)));

  program
    .command('status')
    .description("a week's send ledger: sent, failed permanently (with the server's reason), pending")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('--subscribers <file>', 'subscriber CSV to count pending against')
    .addHelpText('after', examples('watch-digest status', 'watch-digest --json status --week 2024-W10'))
    .action(action(() => import('./status.js').then((m) => m.statusCommand)));
}
