import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { MAIL_UID } from './dovecot.js';
import { freePort, greeting } from './ports.js';
import { asRoot, waitFor } from './root.js';

export interface PostfixOptions {
  /** Domains Postfix delivers itself, into `mailRoot/<domain>/<local part>/` (Maildir). */
  domains: string[];
  /** Existing mailboxes, `user@domain`; mail to any other address of those domains bounces ("unknown user", 5.1.1). */
  mailboxes: string[];
  /** Addresses delivered to another mailbox: `{ 'unsubscribe@x': 'bounces@x' }`. */
  aliases?: Record<string, string>;
  /** Addresses whose mailbox is full: delivery fails with 4.2.2 and, tried only once, comes back as a soft bounce. */
  full?: string[];
  mailRoot: string;
}

export interface TestPostfix {
  port: number;
  url: string;
  /** The mail log: what Postfix did with each message. */
  log(): Promise<string>;
  /** Resolves when the queue is empty (everything delivered or bounced). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

const running: TestPostfix[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((postfix) => postfix.stop()));
});

/**
 * An instance of Debian's Postfix with its own config_directory, queue and data directory in a
 * temporary folder, listening on a loopback port: not the system's mail service. Mail is never
 * relayed off the machine (no smtp transport is reachable: only the domains given are
 * delivered, by virtual(8), and anything else is refused). Every delivery is tried once
 * (maximal_queue_lifetime = 0), so a temporary failure turns into a bounce at once.
 */
export async function startPostfix(options: PostfixOptions): Promise<TestPostfix> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wd-postfix-'));
  await chmod(dir, 0o755);
  const conf = path.join(dir, 'conf');
  const queue = path.join(dir, 'queue');
  const data = path.join(dir, 'data');
  await mkdir(conf);
  await mkdir(queue);
  await mkdir(data);
  await asRoot('chown', ['postfix', data]);
  const port = await freePort();
  const map = (entries: Array<[string, string]>) => (entries.length ? `inline:{ ${entries.map(([k, v]) => `{ ${k} = ${v} }`).join(', ')} }` : '');
  const mailboxes = map(options.mailboxes.map((address) => [address, `${address.split('@')[1]}/${address.split('@')[0]}/`]));
  await writeFile(
    path.join(conf, 'main.cf'),
    `compatibility_level = 3.6
queue_directory = ${queue}
data_directory = ${data}
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = ${tmpdir()}
maillog_file = ${dir}/maillog
myhostname = mx.${options.domains[0]}
mydomain = ${options.domains[0]}
myorigin = ${options.domains[0]}
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
smtpd_reject_unlisted_recipient = no
default_transport = error:5.4.4 this test server delivers no mail off the machine
relay_transport = error:5.4.4 this test server delivers no mail off the machine
virtual_mailbox_domains = ${options.domains.join(' ')}
virtual_mailbox_base = ${options.mailRoot}
virtual_mailbox_maps = ${mailboxes}
virtual_alias_maps = ${map(Object.entries(options.aliases ?? {}))}
virtual_uid_maps = static:${MAIL_UID}
virtual_gid_maps = static:${MAIL_UID}
virtual_minimum_uid = ${MAIL_UID}
recipient_delimiter = +
transport_maps = ${map((options.full ?? []).map((address) => [address, 'retry:4.2.2 Mailbox full']))}
maximal_queue_lifetime = 0
bounce_queue_lifetime = 0
delay_warning_time = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
biff = no
smtputf8_enable = no
alias_maps =
alias_database =
`,
  );
  const services = [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'virtual unix - n n - - virtual',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'showq unix n - n - - showq',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  await writeFile(path.join(conf, 'master.cf'), services.join('\n') + '\n');
  const log = () => readFile(path.join(dir, 'maillog'), 'utf8').catch(() => '');
  try {
    await asRoot('postfix', ['-c', conf, 'start']);
    await waitFor('Postfix to greet on SMTP', async () => (await greeting(port))?.startsWith('220'));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await log()}`);
  }
  let stopped = false;
  const handle: TestPostfix = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    log,
    drained: async () => {
      await waitFor('the Postfix queue to empty', async () => {
        const { stdout } = await asRoot('postqueue', ['-c', conf, '-j']);
        return stdout.trim() === '';
      });
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await asRoot('postfix', ['-c', conf, 'stop']).catch(() => {});
      await waitFor('Postfix to stop', async () => !(await greeting(port)), 30_000).catch(() => {});
      await asRoot('rm', ['-rf', dir]);
    },
  };
  running.push(handle);
  return handle;
}
