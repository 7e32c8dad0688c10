import { installedDocPage } from '../shared/doc-page.js';
import { ENDPOINT_DIR } from './init-endpoint.js';

/**
 * init's next steps: the editor's first week, then the one going-live checklist (the same as
 * docs/sending.md, "Going live"): every secret and variable, DNS, the endpoint, the bounce
 * mailbox, a private repository. `check` and a real `send` refuse the placeholders until then.
 */
export function nextSteps(options: { shownDir: string; fromDomain: string }): string[] {
  const d = options.fromDomain;
  return [
    'Next steps:',
    ...(options.shownDir !== '.' ? [`  cd ${options.shownDir}`] : []),
    '  npm install                         # then commit package-lock.json: the weekly workflow runs npm ci',
    '  npx watch-digest preview            # replace the example items in digests/ and watch the email change',
    '  npx watch-digest compose --week && npx watch-digest check   # check names every placeholder still left',
    '',
    `Going live (${installedDocPage('sending.md')}, "Going live"); check and send refuse the placeholders until it is done:`,
    "  1. Make the GitHub repository PRIVATE: it holds your readers' addresses (subscribers.csv, unsubscribed.csv,",
    '     the send ledgers, the mailbox log). The weekly workflow stops before sending in a public repository.',
    '  2. watch-digest.config.json: from, replyTo and bounce.address on a domain you own, postalAddress,',
    '     unsubscribe.url and unsubscribe.mailto; replace subscribers.csv and the example items.',
    `  3. DNS for ${d}: SPF (TXT "v=spf1 include:<your provider> -all"), DKIM (your provider's key, or`,
    `     DKIM_* below with its public key at <selector>._domainkey.${d}), DMARC (TXT at _dmarc.${d}:`,
    '     "v=DMARC1; p=quarantine; rua=mailto:<you>"). `npx watch-digest check --dns` looks them up.',
    `  4. The unsubscribe endpoint: deploy ${ENDPOINT_DIR}/wrangler.toml to Cloudflare Workers (steps in the file),`,
    '     or run `watch-digest unsubscribe-server --listen HOST:PORT` behind HTTPS; then set unsubscribe.url',
    '     to its https://…/unsubscribe?token={token}.',
    `  5. The bounce mailbox: an IMAP mailbox for bounce.address and unsubscribe.mailto (${installedDocPage('mailbox.md')});`,
    "     set mailbox.authServer to your receiving server's name, so authenticated mailed requests count.",
    '  6. Repository secrets (Settings > Secrets and variables > Actions > Secrets):',
    "       SMTP_URL                 your provider's SMTP submission URL, smtps://user:password@host:465",
    '       UNSUBSCRIBE_SECRET       `openssl rand -hex 32`: signs the unsubscribe links; give the endpoint the same',
    '       UNSUBSCRIBE_PULL_SECRET  another `openssl rand -hex 32`: the workflow pulls the endpoint\'s requests with it',
    '       IMAP_URL                 the bounce mailbox, imaps://user:password@host:993',
    '       DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY   only when watch-digest signs (not your provider)',
    '     and variables (the Variables tab):',
    "       UNSUBSCRIBE_PULL_URL     the endpoint's https://…/requests",
    "       SEND_RATE                your provider's messages per second (default 10)",
    '  7. Branch protection must let the workflow push to its branch: it commits the ledger while it sends,',
    '     and refuses to send when it cannot.',
  ];
}
