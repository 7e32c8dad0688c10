import { UsageError } from '../shared/errors.js';
import type { Output } from './output.js';

export async function unsubscribeCommand(target: string | undefined, flags: { config?: string; pull?: string }, output: Output): Promise<number> {
  const project = { cwd: process.cwd(), env: process.env, ...(flags.config ? { configFile: flags.config } : {}) };
  if (flags.pull !== undefined) {
    if (target) throw new UsageError('give an address or token, or --pull URL, not both');
    const { pullUnsubscribes } = await import('../commands/unsubscribe-pull.js');
    const result = await pullUnsubscribes({ ...project, url: flags.pull });
    if (output.json) output.out(JSON.stringify(result));
    else {
      output.out(`Pulled ${result.received} request(s): ${result.added.length} newly unsubscribed, ${result.already} already (${result.suppressionFile})`);
      if (result.invalid) output.err(`warning: ${result.invalid} token(s) did not verify with UNSUBSCRIBE_SECRET (was it changed?); not added`);
    }
    return 0;
  }
  if (!target) throw new UsageError('give an email address or a token, or --pull URL', 'For example: watch-digest unsubscribe reader@your-domain.org');
  const { unsubscribe } = await import('../commands/unsubscribe.js');
  const result = await unsubscribe({ ...project, target });
  if (output.json) output.out(JSON.stringify(result));
  else output.out(result.alreadySuppressed ? `${result.email} was already unsubscribed (${result.file})` : `Unsubscribed ${result.email}: added to ${result.file}`);
  return 0;
}

/** Runs until SIGINT or SIGTERM; each request is one log line on stdout (never a whole token, never an address). */
export async function unsubscribeServerCommand(flags: { config?: string; listen: string; store?: string }, output: Output): Promise<number> {
  const { startUnsubscribeServer } = await import('../commands/unsubscribe-server.js');
  const server = await startUnsubscribeServer({
    cwd: process.cwd(),
    env: process.env,
    listen: flags.listen,
    ...(flags.store ? { storeFile: flags.store } : {}),
    ...(flags.config ? { configFile: flags.config } : {}),
    log: (line) => output.out(`${new Date().toISOString()} ${line}`),
  });
  output.out(`Unsubscribe endpoint listening on ${server.url} (requests in ${server.storeFile}); pull address ${server.url}/requests`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  output.out('Stopped.');
  return 0;
}
