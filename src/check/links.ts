import pLimit from 'p-limit';
import { DEFAULT_USER_AGENT } from '../web/fetch-page.js';
import { error, type Finding } from './finding.js';

export interface LinkCheckOptions {
  fetch?: typeof globalThis.fetch;
  concurrency?: number;
  timeoutMs?: number;
}

export interface LinkCheckResult {
  findings: Finding[];
  /** Set instead of findings when no link could be reached at all: this machine is offline, not every link broken. */
  skipped?: string;
}

// Failures before any HTTP answer: the host, the route or the network is missing.
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

type Outcome = { url: string; status: number } | { url: string; reason: string; unreachable: boolean };

/**
 * Fetches every link (HEAD, falling back to GET where HEAD is refused) and reports the broken
 * ones. When not one link answers and every failure is a network failure, the links were not
 * checked (no network, as in a sandbox or on a train) and that is what it returns.
 */
export async function checkLinks(urls: string[], options: LinkCheckOptions = {}): Promise<LinkCheckResult> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const limit = pLimit(options.concurrency ?? 8);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const probe = async (url: string, method: 'HEAD' | 'GET') => {
    const response = await doFetch(url, { method, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': DEFAULT_USER_AGENT } });
    await response.body?.cancel();
    return response.status;
  };
  const outcomes = await Promise.all(
    [...new Set(urls)].map((url) =>
      limit(async (): Promise<Outcome> => {
        try {
          let status = await probe(url, 'HEAD').catch(() => 0);
          if (status === 0 || status === 405 || status === 501 || status === 403) status = await probe(url, 'GET');
          return { url, status };
        } catch (e) {
          const timedOut = (e as Error).name === 'TimeoutError';
          const code = (e as { cause?: { code?: string } }).cause?.code;
          const reason = timedOut ? `no answer within ${timeoutMs / 1000} s` : (code ?? (e as Error).message);
          return { url, reason, unreachable: timedOut || (code !== undefined && UNREACHABLE.has(code)) };
        }
      }),
    ),
  );
  const failures = outcomes.filter((o): o is Extract<Outcome, { reason: string }> => 'reason' in o);
  if (failures.length > 0 && failures.length === outcomes.length && failures.every((f) => f.unreachable)) {
    const reasons = [...new Set(failures.map((f) => f.reason))].slice(0, 3).join(', ');
    return { findings: [], skipped: `none of the ${outcomes.length} link${outcomes.length === 1 ? '' : 's'} could be reached (${reasons}): no network? The links were not checked` };
  }
  const findings = outcomes.flatMap((o): Finding[] => {
    if ('reason' in o) return [error('broken-link', `${o.url}: ${o.reason}`, 'issue.html')];
    return o.status >= 400 ? [error('broken-link', `${o.url} answers HTTP ${o.status}`, 'issue.html')] : [];
  });
  return { findings };
}
