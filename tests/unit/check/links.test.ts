import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkLinks } from '../../../src/check/links.js';
import { html, startHttpServer, status } from '../../helpers/http.js';

/** A loopback port nobody listens on: connecting is refused, as with no network at all. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('checkLinks', () => {
  it('says the links could not be checked when not one of them can be reached', async () => {
    const port = await closedPort();
    const result = await checkLinks([`http://127.0.0.1:${port}/a`, `http://127.0.0.1:${port}/b`]);
    expect(result.findings).toEqual([]);
    expect(result.skipped).toBe('none of the 2 links could be reached (ECONNREFUSED): no network? The links were not checked');
  });

  it('reports the unreachable and the failing links as broken when others answer', async () => {
    const server = await startHttpServer({ '/ok': html('<p>ok</p>'), '/gone': status(410) });
    const port = await closedPort();
    const result = await checkLinks([server.url('/ok'), server.url('/gone'), `http://127.0.0.1:${port}/down`]);
    expect(result.skipped).toBeUndefined();
    expect(result.findings.map((f) => `${f.level} ${f.rule}: ${f.message}`)).toEqual([
      `error broken-link: ${server.url('/gone')} answers HTTP 410`,
      `error broken-link: http://127.0.0.1:${port}/down: ECONNREFUSED`,
    ]);
  });
});
