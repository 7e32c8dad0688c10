import { createServer, Socket } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1, for servers that cannot be told to pick one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the first line a server says on connecting, or undefined if nothing listens yet. */
export function greeting(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (value: string | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(5_000, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('data', (data) => done(data.toString('utf8').split('\r\n')[0]));
    socket.connect(port, '127.0.0.1');
  });
}
