import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestHttpServer {
  url(path: string): string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

const servers: TestHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real HTTP server on 127.0.0.1 serving the given routes; unknown paths are 404. */
export async function startHttpServer(routes: Record<string, Route>): Promise<TestHttpServer> {
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) return route(request, response);
    response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestHttpServer = {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

export const html =
  (body: string | Buffer, type = 'text/html; charset=utf-8'): Route =>
  (_request, response) =>
    response.writeHead(200, { 'content-type': type }).end(body);

export const status =
  (code: number): Route =>
  (_request, response) =>
    response.writeHead(code, { 'content-type': 'text/html' }).end(`<h1>${code}</h1>`);

export const redirect =
  (to: string, code = 301): Route =>
  (_request, response) =>
    response.writeHead(code, { location: to }).end();
