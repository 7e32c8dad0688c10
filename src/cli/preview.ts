import { UsageError } from '../shared/errors.js';
import type { Output } from './output.js';

export async function previewCommand(flags: { week?: string | true; port?: string; open?: boolean; config?: string }, output: Output): Promise<number> {
  const port = flags.port === undefined ? 4300 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${flags.port}": expected a port number (0 picks a free one)`);
  // Listening from the start, so a Ctrl-C during the first build also stops cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { startPreview } = await import('../commands/preview.js');
  const preview = await startPreview({
    cwd: process.cwd(),
    env: process.env,
    port,
    ...(flags.config ? { configFile: flags.config } : {}),
    ...(typeof flags.week === 'string' ? { week: flags.week } : {}),
    onRebuild: ({ version, hasBuild, error, warnings }) => {
      for (const warning of warnings) output.err(`warning: ${warning}`);
      if (error) output.err(`compose failed (${hasBuild ? 'the page keeps the last good build' : 'nothing has built yet: the page shows the issue once compose succeeds'}):\n${error}`);
      else if (version > 1 && !output.quiet) output.out(`${new Date().toLocaleTimeString()} rebuilt`);
    },
  });
  output.out(`Preview of ${preview.week} at ${preview.url} (Ctrl-C to stop)`);
  if (flags.open) {
    const { default: open } = await import('open');
    await open(preview.url).catch(() => output.err(`could not open a browser; visit ${preview.url}`));
  }
  await stopped;
  await preview.close();
  return 0;
}
