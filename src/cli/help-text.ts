// Text after a command's --help: examples to copy, the environment it reads, where the docs are.
import path from 'node:path';
import { docPage } from '../shared/doc-page.js';

/** "Examples:" and one indented command line each. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
}

/** The front matter fields of an item (docs/items.md); a unit test keeps this list in step with the parser's. */
export const ITEM_FIELDS_HELP = `

Items are markdown files under digests/ (any name and depth; digests/<week>/ files belong to that week):
  ---
  kind: lead | news | state-dept | related     (required)
  date: YYYY-MM-DD                             (required; decides the week outside a week folder)
  title, dek                                   (lead and related: required title, one-sentence summary)
  author, url, source, image, alt, caption, credit, heading, kicker, subject, preheader, readOriginal
  ---
  The body in markdown (a news item: one bullet per list item). See ${docPage('items.md')}.`;

export const SEND_ENV_HELP = `

Environment:
  SMTP_URL             smtps://user:password@smtp.example.org:465 (or SMTP_HOST, SMTP_PORT, SMTP_USER,
                       SMTP_PASS, SMTP_SECURE); without it, send writes .eml files to digests/<week>/outbox/
  UNSUBSCRIBE_SECRET   key of the unsubscribe tokens; required for a real send (the same on your endpoint)
  DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY   DKIM signing (all three)
  WATCH_DIGEST_BACKOFF_MS   first retry delay after a transient failure (default 2000)`;

export const MAILBOX_ENV_HELP = `

Environment:
  IMAP_URL             imaps://user:password@imap.example.org:993 (or IMAP_HOST, IMAP_PORT, IMAP_USER,
                       IMAP_PASS, IMAP_SECURE): the bounce and unsubscribe mailbox
  UNSUBSCRIBE_SECRET   verifies the tokens in unsubscribe requests sent by mail`;

export const UNSUBSCRIBE_ENV_HELP = `

Environment:
  UNSUBSCRIBE_SECRET   verifies a token or a pasted unsubscribe link (the secret send used)`;

/**
 * Where the documentation pages are: the docs/ folder shipped in the package (inside node_modules
 * for an installed copy), shown relative to the current folder when it is inside it.
 */
export function documentationLine(cwd = process.cwd()): string {
  return `Documentation: ${docPage('.', cwd)}${path.sep} (commands.md: every command, flag, environment variable and exit code; items.md; configuration.md; sending.md)`;
}
