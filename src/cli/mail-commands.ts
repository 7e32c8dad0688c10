import { Option, type Command } from 'commander';
import { WEEK_HELP, type Action } from './action.js';

/** send, mailbox, status, unsubscribe: mailing readers and honouring what comes back. */
export function addMailCommands(program: Command, action: Action): void {
  program
    .command('unsubscribe')
    .description('add an address, or the address of a signed unsubscribe token, to the suppression file')
    .argument('<address-or-token>', 'an email address, or a token from an unsubscribe link')
    .action(action(() => import('./unsubscribe.js').then((m) => m.unsubscribeCommand)));

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
    .option('--reread', 'read again the messages earlier runs judged and left (none is counted twice)')
    .action(action(() => import('./mailbox.js').then((m) => m.mailboxCommand)));

  program
    .command('status')
    .description("a week's send ledger: sent, failed permanently (with the server's reason), pending")
    .addOption(new Option('-w, --week [week]', WEEK_HELP))
    .option('--subscribers <file>', 'subscriber CSV to count pending against')
    .action(action(() => import('./status.js').then((m) => m.statusCommand)));
}
