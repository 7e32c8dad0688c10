import { credentialsInEnv } from '../shared/mail-server-url.js';
import { secretScrubber, type Scrub } from '../shared/scrub-secret.js';

/** Where commands print. Kept apart from the library, which never prints. */
export interface Output {
  json: boolean;
  quiet: boolean;
  out(line: string): void;
  err(line: string): void;
}

/** Standard output and error, with every form of the environment's mail passwords scrubbed from what is printed. */
export function processOutput(options: { json?: boolean; quiet?: boolean }): Output {
  const scrub = envScrubber();
  return {
    json: Boolean(options.json),
    quiet: Boolean(options.quiet),
    out: (line) => void process.stdout.write(scrub(line) + '\n'),
    err: (line) => void process.stderr.write(scrub(line) + '\n'),
  };
}

/** The last guard: whatever a server or a library put into a message, no password leaves the process in it. */
export function envScrubber(): Scrub {
  return secretScrubber(credentialsInEnv(process.env));
}

export function formatKB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}
