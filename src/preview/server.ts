import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildIssue } from '../commands/compose.js';
import { CONFIG_FILE } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { resolveWeek } from '../config/resolve.js';
import { BUNDLED_TEMPLATES } from '../shared/paths.js';
import { itemFindings } from '../check/item-findings.js';
import { runPreflight } from '../check/run-preflight.js';
import { UserError } from '../shared/errors.js';
import { previewPage, type PreviewState } from './page.js';
import { watchSources } from './watch.js';

export interface PreviewOptions {
  cwd: string;
  configFile?: string;
  week?: string;
  port?: number;
  env: NodeJS.ProcessEnv;
  /** Told after every rebuild: `error` is set when compose failed. */
  onRebuild?: (result: { version: number; error?: string; warnings: string[] }) => void;
}

export interface PreviewServer {
  url: string;
  week: string;
  close(): Promise<void>;
}

const SAMPLE_READER = { email: 'reader@example.org', name: '' };

/**
 * Serves the week's issue on 127.0.0.1 and rebuilds it in memory (nothing is written) whenever an
 * item, template or the config changes; open pages reload themselves through server-sent events.
 */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const { config, root, file } = await loadConfig(options.cwd, options.configFile);
  const week = resolveWeek(options.week, config, new Date()).label;
  const state: PreviewState = { week, version: 0, findings: [], warnings: [] };
  let email = '';
  const clients = new Set<ServerResponse>();

  const rebuild = async () => {
    try {
      const result = await buildIssue({ cwd: options.cwd, week, ...(options.configFile ? { configFile: options.configFile } : {}) });
      const secret = options.env.UNSUBSCRIBE_SECRET ?? 'preview';
      // The parts as compose writes them: a sample greeting and unsubscribe link, no placeholders.
      email = result.built.html;
      Object.assign(state, {
        subject: result.built.manifest.subject,
        preheader: result.built.manifest.preheader,
        from: `${result.config.from.name ?? result.config.name} <${result.config.from.address}>`,
        text: result.built.text,
        findings: [
          ...itemFindings(result.built.manifest),
          ...(await runPreflight({ manifest: result.built.manifest, ...result.built.template }, result.config, SAMPLE_READER, secret, new Date())),
        ],
        warnings: result.warnings,
        error: undefined,
      });
    } catch (error) {
      // Any failure is shown, never fatal: a crash here would end the preview with a raw stack on the next save.
      state.error =
        error instanceof UserError
          ? [error.message, ...error.details, ...(error.hint ? [`hint: ${error.hint}`] : [])].join('\n')
          : `unexpected error: ${(error as Error).message}\nThis is a bug in watch-digest; set WATCH_DIGEST_DEBUG=1 to see the stack trace and report it.`;
      if (!(error instanceof UserError) && options.env.WATCH_DIGEST_DEBUG) state.error += `\n${(error as Error).stack}`;
    }
    state.version++;
    for (const client of clients) client.write(`data: ${state.version}\n\n`);
    options.onRebuild?.({ version: state.version, warnings: state.error ? [] : state.warnings, ...(state.error ? { error: state.error } : {}) });
  };

  // Rebuilds run one at a time; a change during one triggers exactly one more.
  let running: Promise<void> | undefined;
  let again = false;
  const scheduleRebuild = () => {
    if (running) {
      again = true;
      return;
    }
    running = rebuild().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        scheduleRebuild();
      }
    });
  };

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
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`port ${options.port} on 127.0.0.1 is already in use`, { hint: 'Stop whatever uses it, or pass another --port (0 picks a free one).' })
          : error,
      ),
    );
    server.listen(options.port ?? 4300, '127.0.0.1', resolve);
  });

  const digestsDir = path.resolve(root, config.digestsDir);
  const stopWatching = watchSources(
    { dirs: [digestsDir, config.templatesDir ? path.resolve(root, config.templatesDir) : path.join(root, 'templates'), BUNDLED_TEMPLATES], files: [file ?? path.join(root, CONFIG_FILE)] },
    scheduleRebuild,
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    week,
    close: async () => {
      stopWatching();
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await running;
    },
  };
}

function send(response: ServerResponse, type: string, body: string): void {
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
