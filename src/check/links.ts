import pLimit from 'p-limit';
import { DEFAULT_USER_AGENT } from '../items/scrape/fetch-page.js';
import { error, type Finding } from './finding.js';

export interface LinkCheckOptions {
  fetch?: typeof globalThis.fetch;
  concurrency?: number;
  timeoutMs?: number;
}

/** Fetches every link (HEAD, falling back to GET where HEAD is refused) and reports the broken ones. */
export async function checkLinks(urls: string[], options: LinkCheckOptions = {}): Promise<Finding[]> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const limit = pLimit(options.concurrency ?? 8);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const probe = async (url: string, method: 'HEAD' | 'GET') => {
    const response = await doFetch(url, { method, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': DEFAULT_USER_AGENT } });
    await response.body?.cancel();
    return response.status;
  };
  const results = await Promise.all(
    [...new Set(urls)].map((url) =>
      limit(async (): Promise<Finding | undefined> => {
        try {
          let status = await probe(url, 'HEAD').catch(() => 0);
          if (status === 0 || status === 405 || status === 501 || status === 403) status = await probe(url, 'GET');
          return status >= 400 ? error('broken-link', `${url} answers HTTP ${status}`, 'issue.html') : undefined;
        } catch (e) {
          const reason = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : ((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message);
          return error('broken-link', `${url}: ${reason}`, 'issue.html');
        }
      }),
    ),
  );
  return results.filter((finding): finding is Finding => Boolean(finding));
}
