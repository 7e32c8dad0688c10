import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Runs tasks at most `perHost` at a time against any one host and `overall` at a time in
 * all, so one site with many feeds is not hammered while the others wait their turn.
 */
export function hostLimiter(perHost: number, overall: number): <T>(url: string, task: () => Promise<T>) => Promise<T> {
  const all = pLimit(overall);
  const hosts = new Map<string, LimitFunction>();
  return (url, task) => {
    const host = hostOf(url);
    let limit = hosts.get(host);
    if (!limit) hosts.set(host, (limit = pLimit(perHost)));
    // Queued per host first, so a task waiting for its host holds no overall slot.
    return limit(() => all(task));
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
