import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { afterEach } from 'vitest';

export interface Received {
  envelopeTo: string[];
  raw: string;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: Received[];
  /** Messages accepted per recipient address (lower case). */
  counts(): Map<string, number>;
  /** Resolves once `count` messages have been accepted: for acting mid-send without polling. */
  accepted(count: number): Promise<void>;
  parse(index: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export interface TestSmtpBehaviour {
  /** Called for each RCPT TO; return an SMTP reply code (>= 400) to refuse it. */
  onRecipient?: (address: string, attempt: number) => number | undefined;
  /** Delay before accepting each message, to keep messages in flight. */
  delayMs?: number;
  /** Close the connection that carried every n-th message instead of answering it (the others go on). */
  dropEvery?: number;
  /** Close the connection at this RCPT TO instead of answering it (before any message data). */
  dropAtRecipient?: (address: string, attempt: number) => boolean;
  /** Required credentials; others get 535. */
  auth?: { user: string; pass: string };
  /** Connections allowed at once; more are greeted with 421 "Too many connected clients". */
  maxClients?: number;
}

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real SMTP server (the smtp-server package) on 127.0.0.1, recording what it accepts. */
export async function startSmtpServer(behaviour: TestSmtpBehaviour = {}): Promise<TestSmtpServer> {
  const received: Received[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const attempts = new Map<string, number>();
  let messages = 0;
  const options: SMTPServerOptions = {
    disabledCommands: behaviour.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !behaviour.auth,
    logger: false,
    size: 10 * 1024 * 1024,
    ...(behaviour.maxClients ? { maxClients: behaviour.maxClients } : {}),
    onAuth(auth, _session, callback) {
      if (behaviour.auth && auth.username === behaviour.auth.user && auth.password === behaviour.auth.pass) return callback(null, { user: auth.username });
      const error = Object.assign(new Error('Authentication failed'), { responseCode: 535 });
      callback(error);
    },
    onRcptTo(address, _session, callback) {
      const key = address.address.toLowerCase();
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      if (behaviour.dropAtRecipient?.(key, attempt)) {
        for (const socket of sockets) socket.destroy();
        return;
      }
      const code = behaviour.onRecipient?.(key, attempt);
      if (code && code >= 400) return callback(Object.assign(new Error(`${code} refused for test`), { responseCode: code }));
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages++;
        if (behaviour.dropEvery && messages % behaviour.dropEvery === 0) {
          // Hang up before answering: the client cannot know whether this one was delivered, and it was not.
          // Only this message's connection: cutting another could lose a reply already given for an
          // accepted message, which would make "not delivered" untrue for it.
          for (const socket of sockets) if (socket.remotePort === session.remotePort) socket.destroy();
          return;
        }
        const accept = () => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks).toString('utf8') });
          callback(null, 'Message queued');
          for (const waiter of waiting.filter((w) => received.length >= w.count)) {
            waiting.splice(waiting.indexOf(waiter), 1);
            waiter.resolve();
          }
        };
        if (behaviour.delayMs) setTimeout(accept, behaviour.delayMs);
        else accept();
      });
    },
  };
  const server = new SMTPServer(options);
  // Connections the tests cut on purpose end in ECONNRESET; that is the point, not a failure.
  server.on('error', () => {});
  const sockets = new Set<Socket>();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = (server.server.address() as AddressInfo).port;
  const handle: TestSmtpServer = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    counts: () => {
      const counts = new Map<string, number>();
      for (const message of received) for (const to of message.envelopeTo) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    accepted: (count) => (received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }))),
    parse: (index) => simpleParser(received[index]!.raw),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(handle);
  return handle;
}
