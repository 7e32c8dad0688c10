import { main } from '../../src/cli/index.js';
import { cleanEnv, type CliRun } from './fixture.js';

export { runCli, type CliRun } from './fixture.js';

let running = false;

/**
 * Runs the CLI's `main` in this process, as `watch-digest <args>` run in `cwd` would: the same
 * program, commands, messages and exit code, without starting Node (a spawned CLI costs about half
 * a second on a busy machine). stdout, stderr, the working folder and the environment are this
 * process's for the call, so calls never overlap. Use `runCli` (a real process) for what only a
 * process shows: signals, a terminal, the built dist/ and bin/ launcher, crashes.
 */
export async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  if (running) throw new Error('cli() calls overlap: await each one (they share the process)');
  running = true;
  const saved = { cwd: process.cwd(), env: { ...process.env }, out: process.stdout.write, err: process.stderr.write };
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  try {
    replaceEnv(cleanEnv(env));
    process.chdir(cwd);
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    const code = await main(['node', 'watch-digest', ...args]);
    return { code, ...captured };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.chdir(saved.cwd);
    replaceEnv(saved.env);
    running = false;
  }
}

function replaceEnv(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}
