import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { safeDecode } from '../../src/shared/uri-decode.js';

/** How a careless server repeats what the client sent to log in. */
export type Echo = 'as-sent' | 'decoded' | 'url-encoded' | 'password-base64' | 'base64url' | 'json';

/** The AUTH data (base64, as sent) as a server of that kind would repeat it in an error reply. */
export function echoOf(echo: Echo, sent: string): string {
  const decoded = Buffer.from(sent, 'base64').toString('utf8');
  const password = decoded.split('\0').at(-1)!;
  switch (echo) {
    case 'as-sent':
      return sent;
    case 'decoded':
      return decoded.replace(/\0/g, '^@');
    case 'url-encoded':
      return encodeURIComponent(decoded);
    case 'password-base64':
      return Buffer.from(password).toString('base64');
    case 'base64url':
      return Buffer.from(decoded).toString('base64url');
    case 'json':
      return JSON.stringify({ user: decoded.split('\0').at(-2), password });
  }
}

export interface EchoServer {
  port: number;
  /** What the client sent, line by line, to check that the client did try to log in. */
  received: string[];
  close(): Promise<void>;
}

async function listen(handle: (socket: Socket, lines: AsyncIterable<string>, received: string[]) => Promise<void>): Promise<EchoServer> {
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    socket.on('error', () => {});
    handle(socket, linesOf(socket, received), received).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function* linesOf(socket: Socket, received: string[]): AsyncIterable<string> {
  let pending = '';
  for await (const chunk of socket) {
    const lines = (pending + chunk.toString('utf8')).split('\r\n');
    pending = lines.pop()!;
    for (const line of lines) {
      received.push(line);
      yield line;
    }
  }
}

/**
 * A fake IMAP server that refuses every login and repeats the client's AUTHENTICATE PLAIN,
 * AUTHENTICATE LOGIN (the password line) or LOGIN data in its NO reply, in the `echo` form.
 * `offer` picks the method the client uses. Only what a client says before it logs in is answered.
 */
export function startEchoImap(echo: Echo, offer: 'PLAIN' | 'LOGIN' | 'login-command'): Promise<EchoServer> {
  const auth = offer === 'login-command' ? '' : ` AUTH=${offer}`;
  return listen(async (socket, lines) => {
    const send = (line: string) => socket.write(`${line}\r\n`);
    const refuse = (tag: string, plain: string) => send(`${tag} NO [AUTHENTICATIONFAILED] rejected ${echoOf(echo, plain)}`);
    send(`* OK [CAPABILITY IMAP4rev1 SASL-IR ID${auth}] echo ready`);
    // AUTHENTICATE LOGIN: the tag, and the user name and password as they come, one line each.
    let login: { tag: string; parts: string[] } | undefined;
    for await (const line of lines) {
      if (login) {
        login.parts.push(line);
        if (login.parts.length === 1) send(`+ ${Buffer.from('Password:').toString('base64')}`);
        else (refuse(login.tag, login.parts[1]!), (login = undefined));
        continue;
      }
      const [, tag = '', command = '', rest = ''] = /^(\S+) (\S+) ?(.*)$/.exec(line) ?? [];
      const args = [...rest.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!));
      if (/^CAPABILITY$/i.test(command)) send(`* CAPABILITY IMAP4rev1 SASL-IR ID${auth}\r\n${tag} OK done`);
      else if (/^ID$/i.test(command)) send(`${tag} OK done`);
      else if (/^AUTHENTICATE$/i.test(command) && /^PLAIN$/i.test(args[0] ?? '') && args[1]) refuse(tag, args[1]);
      else if (/^AUTHENTICATE$/i.test(command)) (login = { tag, parts: [] }), send(`+ ${Buffer.from('Username:').toString('base64')}`);
      else if (/^LOGIN$/i.test(command)) send(`${tag} NO [AUTHENTICATIONFAILED] rejected ${echo === 'as-sent' ? rest : echoOf(echo, Buffer.from(`\0${args.join('\0')}`).toString('base64'))}`);
      else if (/^LOGOUT$/i.test(command)) send(`* BYE\r\n${tag} OK bye`), socket.end();
      else send(`${tag} BAD unknown`);
    }
  });
}

/**
 * A fake SMTP server that repeats the client's AUTH PLAIN or AUTH LOGIN data: in its 535 reply
 * (`reject: 'auth'`), or, having accepted the login, in its refusal of every recipient
 * (`reject: 'rcpt'`), so that the refusal reaches the send ledger.
 */
export function startEchoSmtp(echo: Echo, offer: 'PLAIN' | 'LOGIN', reject: 'auth' | 'rcpt'): Promise<EchoServer> {
  return listen(async (socket, lines) => {
    const send = (line: string) => socket.write(`${line}\r\n`);
    send('220 echo.test ESMTP');
    // What the client sent to log in: the PLAIN payload, or AUTH LOGIN's password line.
    let plain: string | undefined;
    let login: string[] | undefined;
    const authDone = () => {
      if (reject === 'auth') send(`535 5.7.8 authentication failed for ${echoOf(echo, plain!)}`);
      else send('235 2.7.0 accepted');
    };
    let data = false;
    for await (const line of lines) {
      if (data) {
        if (line === '.') (data = false), send('250 2.0.0 queued');
        continue;
      }
      if (login) {
        login.push(line);
        if (login.length === 1) send(`334 ${Buffer.from('Password:').toString('base64')}`);
        else {
          plain = login[1]!;
          login = undefined;
          authDone();
        }
        continue;
      }
      const [verb = '', ...args] = line.split(' ');
      if (/^EHLO$/i.test(verb)) send(`250-echo.test\r\n250-AUTH ${offer}\r\n250 8BITMIME`);
      else if (/^AUTH$/i.test(verb) && /^PLAIN$/i.test(args[0] ?? '')) {
        if (args[1]) (plain = args[1]), authDone();
        else send('334 ');
      } else if (/^AUTH$/i.test(verb)) (login = []), send(`334 ${Buffer.from('Username:').toString('base64')}`);
      else if (!login && plain === undefined && /^[A-Za-z0-9+/=]{8,}$/.test(line)) (plain = line), authDone();
      else if (/^MAIL$/i.test(verb)) send('250 2.1.0 ok');
      else if (/^RCPT$/i.test(verb)) send(`550 5.1.1 no such user (session ${echoOf(echo, plain ?? '')})`);
      else if (/^DATA$/i.test(verb)) (data = true), send('354 go on');
      else if (/^(RSET|NOOP)$/i.test(verb)) send('250 ok');
      else if (/^QUIT$/i.test(verb)) send('221 bye'), socket.end();
      else send('502 5.5.2 unknown');
    }
  });
}

/**
 * Whether the text gives the password away in any form: as it is, URL-encoded, backslash-escaped,
 * or inside any base64 (standard or URL-safe) run at any alignment.
 */
export function revealsPassword(text: string, pass: string): boolean {
  const unescaped = text.replace(/\\(.)/g, '$1');
  if ([text, unescaped, safeDecode(text.replace(/\+/g, ' ')) ?? '', ...text.split(/\s+/).map((w) => safeDecode(w) ?? '')].some((t) => t.includes(pass))) return true;
  for (const run of text.match(/[A-Za-z0-9+/_-]{4,}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) {
      for (const encoding of ['base64', 'base64url'] as const) if (Buffer.from(run.slice(skip), encoding).toString('utf8').includes(pass)) return true;
    }
  }
  return false;
}
