import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { ImapFlow } from 'imapflow';
import { freePort, greeting } from './ports.js';
import { asRoot, spawnAsRoot, waitFor } from './root.js';

export interface MailUser {
  user: string;
  pass: string;
}

export interface TestDovecot {
  port: number;
  /** With `{ tls: true }`: the implicit-TLS port, and the self-signed certificate to trust (NODE_EXTRA_CA_CERTS). */
  tlsPort?: number;
  caFile?: string;
  /** Maildir root, `<root>/<domain>/<local part>/`: where Postfix's virtual delivery writes too. */
  mailRoot: string;
  imapUrl(user: string, pass: string): string;
  /** Every message in a user's folder (source and flags), read over IMAP. */
  messages(user: MailUser, folder?: string): Promise<Array<{ uid: number; source: string; flags: string[] }>>;
  append(user: MailUser, raw: string, folder?: string): Promise<void>;
  /**
   * Puts messages straight into a user's INBOX Maildir, as a delivery agent would: thousands of
   * messages, or gigabytes, in seconds rather than APPENDs over IMAP. Dovecot numbers them, in
   * the order given, when the folder is next opened.
   */
  deliver(user: MailUser, messages: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<number>;
  stop(): Promise<void>;
}

/** The uid Dovecot reads mail as, and Postfix's virtual delivery writes as: never root. */
export const MAIL_UID = 65534;

/**
 * Debian's Dovecot on 127.0.0.1, started with its own configuration in a temporary folder (not
 * the system service): IMAP with plain logins, no TLS, users from a passwd-file, Maildir storage.
 * Free of vitest, so the benchmark can start one too; tests use `startDovecot` from dovecot.ts.
 */
export async function startDovecotServer(users: MailUser[], options: { tls?: boolean } = {}): Promise<TestDovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wd-dovecot-'));
  const mailRoot = path.join(dir, 'mail');
  await mkdir(path.join(dir, 'run'), { recursive: true });
  await mkdir(path.join(dir, 'state'), { recursive: true });
  await mkdir(mailRoot, { recursive: true });
  await chmod(dir, 0o755);
  await asRoot('chown', [`${MAIL_UID}:${MAIL_UID}`, mailRoot]);
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const caFile = path.join(dir, 'cert.pem');
  if (options.tls) {
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', caFile]);
  }
  await writeFile(path.join(dir, 'users'), users.map((u) => `${u.user}:{PLAIN}${u.pass}::::`).join('\n') + '\n');
  const conf = path.join(dir, 'dovecot.conf');
  await writeFile(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${options.tls ? `ssl = yes\nssl_cert = <${caFile}\nssl_key = <${dir}/key.pem` : 'ssl = no'}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${mailRoot}/%d/%n
first_valid_uid = ${MAIL_UID}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
  default_fields = uid=${MAIL_UID} gid=${MAIL_UID} home=${mailRoot}/%d/%n
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort ?? 0}
  }
}
`,
  );
  const child = spawnAsRoot('dovecot', ['-F', '-c', conf]);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const log = () => readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '');
  try {
    await waitFor('Dovecot to greet on IMAP', async () => {
      if (exited) throw new Error(`dovecot exited: ${output}${await log()}`);
      return (await greeting(port))?.startsWith('* OK');
    });
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }

  const client = async (user: MailUser) => {
    const imap = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: user.user, pass: user.pass }, logger: false });
    imap.on('error', () => {});
    await imap.connect();
    return imap;
  };
  const handle: TestDovecot = {
    port,
    ...(tlsPort ? { tlsPort, caFile } : {}),
    mailRoot,
    imapUrl: (user, pass) => `imap://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    messages: async (user, folder = 'INBOX') => {
      const imap = await client(user);
      try {
        const status = await imap.mailboxOpen(folder).catch(() => undefined);
        if (!status || status.exists === 0) return [];
        const found: Array<{ uid: number; source: string; flags: string[] }> = [];
        for await (const m of imap.fetch('1:*', { uid: true, source: true, flags: true })) found.push({ uid: m.uid, source: m.source?.toString('utf8') ?? '', flags: [...(m.flags ?? [])] });
        return found;
      } finally {
        await imap.logout().catch(() => {});
      }
    },
    append: async (user, raw, folder = 'INBOX') => {
      const imap = await client(user);
      try {
        await imap.append(folder, raw);
      } finally {
        await imap.logout().catch(() => {});
      }
    },
    deliver: async (user, messages) => {
      const stage = await mkdtemp(path.join(dir, 'stage-'));
      let count = 0;
      for await (const raw of messages) {
        count++;
        // Sizes in the name, as Dovecot's own delivery writes them (S: bytes, W: with CRLF line ends).
        const bytes = Buffer.from(raw);
        let bareLf = 0;
        for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) if (bytes[i - 1] !== 13) bareLf++;
        await writeFile(path.join(stage, `${String(count).padStart(9, '0')}.M${count}P${process.pid}.wd,S=${bytes.length},W=${bytes.length + bareLf}`), bytes);
      }
      const [local, domain] = user.user.split('@') as [string, string];
      const box = path.join(mailRoot, domain, local);
      // Dovecot reads and renames them as the mail user, who must own the folders it writes in.
      const script = 'mkdir -p "$1/cur" "$1/new" "$1/tmp" && find "$2" -type f -exec mv -t "$1/new" {} + && chown -R $3 "$1" && chown $3 "$(dirname "$1")" && rmdir "$2"';
      await asRoot('sh', ['-c', script, 'sh', box, stage, `${MAIL_UID}:${MAIL_UID}`]);
      return count;
    },
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        await exit;
      }
      await asRoot('rm', ['-rf', dir]);
    },
  };
  return handle;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(command, args, { timeout: 60_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`${command} failed: ${stderr}`)) : resolve())));
}
