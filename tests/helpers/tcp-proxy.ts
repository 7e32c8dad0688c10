import { createServer, Socket, type AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Bytes the server sent to clients through this proxy since the last `reset`. */
  bytesFromServer(): number;
  reset(): void;
  /** Cuts the connection whose client sends the `nth` line matching `pattern` (from now on), before the server gets it; resolves with that line. */
  cutOn(pattern: RegExp, nth?: number): Promise<string>;
  /** While on, new connections are closed at once, as an unreachable server's would fail. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 in front of a real server: counts what the server sends, and can cut
 * a connection at a chosen command, as a network that drops mid-session does.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let fromServer = 0;
  let cut: { pattern: RegExp; left: number; done: (line: string) => void } | undefined;
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    let pending = '';
    client.on('data', (chunk: Buffer) => {
      // Whole command lines, in order; a partial one waits for its end.
      const lines = (pending + chunk.toString('latin1')).split('\r\n');
      pending = lines.pop()!.slice(-4096);
      const line = cut && lines.find((l) => cut!.pattern.test(l) && --cut!.left === 0);
      if (cut && line) {
        const { done } = cut;
        cut = undefined;
        close();
        done(line);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      fromServer += chunk.length;
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', () => {
        sockets.delete(socket);
        close();
      });
    }
    upstream.connect(targetPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bytesFromServer: () => fromServer,
    reset: () => void (fromServer = 0),
    refuse: (on) => void (refusing = on),
    cutOn: (pattern, nth = 1) => new Promise((done) => (cut = { pattern, left: nth, done })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
