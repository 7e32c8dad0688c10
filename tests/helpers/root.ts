import { execFile, spawn, type ChildProcess } from 'node:child_process';

/** Postfix and a Dovecot with its own users need root: run as root, or through `sudo -n` (as CI runners allow). */
const viaSudo = typeof process.getuid === 'function' && process.getuid() !== 0;

export function asRoot(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const [cmd, argv] = viaSudo ? ['sudo', ['-n', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`), { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

export function spawnAsRoot(command: string, args: string[]): ChildProcess {
  return viaSudo ? spawn('sudo', ['-n', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` with what it was waiting for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
