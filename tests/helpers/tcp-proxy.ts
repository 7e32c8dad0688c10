import { createServer, Socket, type AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Bytes the server sent to clients through this proxy since the last `reset`. */
  bytesFromServer(): number;
  reset(): void;
  /** Cuts the next connection whose client sends a line matching `pattern`, before the server gets it; resolves with that line. */
  cutOn(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 in front of a real server: counts what the server sends, and can cut
 * a connection at a chosen command, as a network that drops mid-session does.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let fromServer = 0;
  let cut: { pattern: RegExp; done: (line: string) => void } | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    let recent = '';
    client.on('data', (chunk: Buffer) => {
      recent = (recent + chunk.toString('latin1')).slice(-4096);
      const line = cut && recent.split('\r\n').find((l) => cut!.pattern.test(l));
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
    cutOn: (pattern) => new Promise((done) => (cut = { pattern, done })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
