import { tooLarge, type Hop } from './fetch-errors.js';
import type { FetchOptions } from './fetch-page.js';

/**
 * The body, at most `maxBytes`. With a declared length (and no content coding, which makes the
 * body longer than the header says), one buffer of that size is filled in place, so a feed at
 * the size limit is not held twice; a body longer than declared goes on in pieces.
 */
export async function readCapped(response: Response, maxBytes: number, hop: Hop, accept: FetchOptions['accept']): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const declared = response.headers.get('content-encoding') ? 0 : Number(response.headers.get('content-length') ?? 0);
  let filled = declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    const start = total;
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw tooLarge(hop, maxBytes, accept);
    }
    if (filled && total <= filled.length) {
      filled.set(chunk, start);
      continue;
    }
    if (filled) chunks.push(filled.subarray(0, start));
    filled = undefined;
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return filled ? filled.subarray(0, total) : Buffer.concat(chunks, total);
}
