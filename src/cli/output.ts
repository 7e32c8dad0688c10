/** Where commands print. Kept apart from the library, which never prints. */
export interface Output {
  json: boolean;
  quiet: boolean;
  out(line: string): void;
  err(line: string): void;
}

export function processOutput(options: { json?: boolean; quiet?: boolean }): Output {
  return {
    json: Boolean(options.json),
    quiet: Boolean(options.quiet),
    out: (line) => void process.stdout.write(line + '\n'),
    err: (line) => void process.stderr.write(line + '\n'),
  };
}

export function formatKB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}
