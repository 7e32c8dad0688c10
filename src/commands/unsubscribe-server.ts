import { serve } from 'srvx';
import { openFileStore } from '../endpoint/file-store.js';
import { unsubscribeEndpoint } from '../endpoint/handler.js';
import { secretProblem } from '../endpoint/protocol.js';
import { UsageError, UserError } from '../shared/errors.js';
import { openProject, type ProjectOptions } from './open-project.js';

export interface UnsubscribeServerOptions extends ProjectOptions {
  /** HOST:PORT, e.g. 127.0.0.1:8787 or [::]:8080 (port 0: any free port). */
  listen: string;
  /** The append-only request file (default: unsubscribe-requests.jsonl here). */
  storeFile?: string;
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  storeFile: string;
  close(): Promise<void>;
}

/**
 * The unsubscribe endpoint on Node, for any small server or container (behind a TLS proxy):
 * the fetch handler of src/endpoint/ with its requests in an append-only file. Both secrets
 * must be set and long enough before it listens.
 */
export async function startUnsubscribeServer(options: UnsubscribeServerOptions): Promise<RunningServer> {
  const { hostname, port } = parseListen(options.listen);
  for (const name of ['UNSUBSCRIBE_SECRET', 'UNSUBSCRIBE_PULL_SECRET'] as const) {
    const problem = secretProblem(name, options.env[name]);
    if (problem) throw new UserError(`${problem}: the endpoint cannot start`, { hint: `Set ${name} in the server's environment: the same UNSUBSCRIBE_SECRET that send uses; a separate UNSUBSCRIBE_PULL_SECRET for unsubscribe --pull.` });
  }
  // The endpoint runs on any small server: a config there only names the newsletter on its page.
  const project = await openProject({ ...options, needsNewsletter: false });
  const storeFile = project.resolve(options.storeFile ?? 'unsubscribe-requests.jsonl');
  const store = await openFileStore(storeFile).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`${project.show(storeFile)}: cannot open the request file (${error.code ?? error.message})`, { hint: 'Pass --store FILE in a folder the server may write to.' });
  });
  const handler = unsubscribeEndpoint({
    secret: options.env.UNSUBSCRIBE_SECRET,
    pullSecret: options.env.UNSUBSCRIBE_PULL_SECRET,
    newsletter: project.config.name,
    store,
    now: project.now,
    ...(options.log ? { log: options.log } : {}),
  });
  const server = serve({ fetch: handler, hostname, port, silent: true, gracefulShutdown: false });
  try {
    await server.ready();
  } catch (error) {
    await store.close();
    throw new UserError(`cannot listen on ${options.listen}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint: 'Pick a free port, and an address of this machine.' });
  }
  return {
    url: server.url!.replace(/\/$/, ''),
    storeFile: project.show(storeFile),
    close: async () => {
      await server.close(true);
      await store.close();
    },
  };
}

/** HOST:PORT, with IPv6 hosts in brackets. */
export function parseListen(listen: string): { hostname: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(listen.trim());
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new UsageError(`--listen "${listen}" is not HOST:PORT`, 'For example --listen 127.0.0.1:8787 (behind a TLS proxy), or --listen 0.0.0.0:8080 in a container.');
  return { hostname: match[1]!.replace(/^\[|\]$/g, ''), port };
}
