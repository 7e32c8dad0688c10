import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FetchedPage } from './fetch-page.js';

/**
 * Fetched pages kept under digests/.cache/pages/, keyed by URL, so a second compose works
 * offline and gives the same bytes. `refresh` fetches again and replaces the entry.
 */
export async function cachedFetch(
  url: string,
  cacheDir: string,
  fetch: (url: string) => Promise<FetchedPage>,
  refresh = false,
): Promise<FetchedPage & { fromCache: boolean }> {
  const file = path.join(cacheDir, 'pages', createHash('sha256').update(url).digest('hex').slice(0, 40) + '.json');
  if (!refresh) {
    try {
      const cached = JSON.parse(await readFile(file, 'utf8')) as { url: string; requested: string; html: string };
      if (cached.requested === url) return { url: cached.url, html: cached.html, fromCache: true };
    } catch {
      // Not cached yet (or unreadable): fetch it.
    }
  }
  const page = await fetch(url);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, JSON.stringify({ requested: url, url: page.url, html: page.html }));
    await rename(temp, file);
  } catch {
    // The cache only saves a fetch next time: a full disk or a read-only checkout must not fail the compose.
    await rm(temp, { force: true }).catch(() => {});
  }
  return { ...page, fromCache: false };
}
