import type { Output } from './output.js';

export async function unsubscribeCommand(target: string, flags: { config?: string }, output: Output): Promise<number> {
  const { unsubscribe } = await import('../commands/unsubscribe.js');
  const result = await unsubscribe({ cwd: process.cwd(), target, env: process.env, ...(flags.config ? { configFile: flags.config } : {}) });
  if (output.json) output.out(JSON.stringify(result));
  else output.out(result.alreadySuppressed ? `${result.email} was already unsubscribed (${result.file})` : `Unsubscribed ${result.email}: added to ${result.file}`);
  return 0;
}
