import { SingleBar } from 'cli-progress';
import type { Output } from './output.js';

const LOG_EVERY_MS = 5_000;

/** A progress bar with rate and ETA on a terminal; a plain line every few seconds elsewhere (CI logs). */
export function createProgress(total: number, output: Output): { tick(sent: boolean): void; stop(): void } {
  const started = Date.now();
  let done = 0;
  let stopped = false;
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: '{bar} {value}/{total} | {speed}/s | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(total, 0, { speed: '0' });
    return {
      tick: () => bar.update(++done, { speed: rate(done, started).toFixed(0) }),
      stop: () => {
        if (!stopped) bar.stop();
        stopped = true;
      },
    };
  }
  let lastLog = started;
  return {
    tick: () => {
      done++;
      const now = Date.now();
      if (now - lastLog >= LOG_EVERY_MS) {
        lastLog = now;
        const perSecond = rate(done, started);
        const eta = perSecond > 0 ? Math.ceil((total - done) / perSecond) : 0;
        output.err(`progress: ${done}/${total} (${Math.floor((100 * done) / Math.max(total, 1))}%), ${perSecond.toFixed(0)}/s, ETA ${eta}s`);
      }
    },
    stop: () => {},
  };
}

function rate(done: number, started: number): number {
  return done / Math.max((Date.now() - started) / 1000, 0.001);
}
