import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, UserError } from '../shared/errors.js';
import { previewPage, type PreviewState } from './page.js';
import { watchSources } from './watch.js';

/** One rebuild's result: the email as compose writes it, and what the page shows beside it. */
export type PreviewBuild = Pick<PreviewState, 'subject' | 'preheader' | 'from' | 'text' | 'findings' | 'warnings'> & { html: string };

export interface PreviewServerOptions {
  week: string;
  port: number;
  /** Builds the issue in memory; a thrown error is shown on the page, never fatal. */
  build: () => Promise<PreviewBuild>;
  /** What to watch: any change rebuilds. */
  watch: { dirs: string[]; files: string[] };
  debug?: boolean;
  /** Told after every rebuild: `error` is set when the build failed. */
  onRebuild?: (result: { version: number; hasBuild: boolean; error?: string; warnings: string[] }) => void;
}

export interface PreviewServer {
  url: string;
  week: string;
  close(): Promise<void>;
}

/**
 * Serves the week's issue on 127.0.0.1 and rebuilds it whenever a watched file changes; open
 * pages reload themselves through server-sent events.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const state: PreviewState = { week: options.week, version: 0, findings: [], warnings: [] };
  let email = '';
  const clients = new Set<ServerResponse>();

  const rebuild = async () => {
    try {
      const { html, ...shown } = await options.build();
      email = html;
      Object.assign(state, shown, { error: undefined });
    } catch (error) {
      // Any failure is shown, never fatal: a crash here would end the preview with a raw stack on the next save.
      state.error = describeError(error, Boolean(options.debug))
        .lines.map((line) => line.replace(/^error: /, ''))
        .join('\n');
    }
    state.version++;
    for (const client of clients) client.write(`data: ${state.version}\n\n`);
    const shown = { version: state.version, hasBuild: state.subject !== undefined };
    options.onRebuild?.({ ...shown, warnings: state.error ? [] : state.warnings, ...(state.error ? { error: state.error } : {}) });
  };
  const scheduleRebuild = oneAtATime(rebuild);

  await rebuild();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') return send(response, 'text/html; charset=utf-8', previewPage(state));
    if (url.pathname === '/email.html') return send(response, 'text/html; charset=utf-8', email || '<p>No successful build yet.</p>');
    if (url.pathname === '/email.txt') return send(response, 'text/plain; charset=utf-8', state.text ?? '');
    if (url.pathname === '/state.json') return send(response, 'application/json', JSON.stringify(state));
    if (url.pathname === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(`data: ${state.version}\n\n`);
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await listen(server, options.port);
  const stopWatching = watchSources(options.watch, scheduleRebuild.run);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    week: options.week,
    close: async () => {
      stopWatching();
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduleRebuild.idle();
    },
  };
}

/** Runs `work` one at a time; a request during a run triggers exactly one more. */
function oneAtATime(work: () => Promise<void>): { run: () => void; idle: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = work().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        run();
      }
    });
  };
  return { run, idle: async () => void (await running) };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`port ${port} on 127.0.0.1 is already in use`, { hint: 'Stop whatever uses it, or pass another --port (0 picks a free one).' })
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
}

function send(response: ServerResponse, type: string, body: string): void {
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
