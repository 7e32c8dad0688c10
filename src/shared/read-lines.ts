import { createReadStream } from 'node:fs';

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
  /** False for a last line without its newline (a write cut short), or one longer than the limit. */
  complete: boolean;
}

/**
 * The lines of a file, streamed: memory stays bounded by `maxLength` whatever the file holds.
 * A line longer than that is yielded cut to `maxLength` and marked incomplete; the rest of it is
 * skipped. Stops with an AbortError when `signal` fires.
 */
export async function* readLines(file: string, options: { maxLength?: number; signal?: AbortSignal } = {}): AsyncGenerator<Line> {
  const maxLength = options.maxLength ?? 64 * 1024;
  const stream = createReadStream(file, { encoding: 'utf8', ...(options.signal ? { signal: options.signal } : {}) });
  let pending = '';
  let overlong = false;
  let number = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      const text = overlong ? pending : (pending + chunk.slice(start, end)).slice(0, maxLength);
      number++;
      yield { text: text.replace(/\r$/, ''), number, complete: !overlong && pending.length + end - start <= maxLength };
      pending = '';
      overlong = false;
      start = end + 1;
    }
    if (!overlong) {
      pending += chunk.slice(start);
      if (pending.length > maxLength) {
        pending = pending.slice(0, maxLength);
        overlong = true;
      }
    }
  }
  if (pending || overlong) yield { text: pending, number: number + 1, complete: false };
}
