import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedFetch } from '../../../src/web/page-cache.js';
import { fixture } from '../../helpers/fixture.js';

describe('cachedFetch', () => {
  it('returns the fetched page when the cache cannot be written (full disk, read-only checkout, a file in the way)', async () => {
    const dir = await fixture({ 'digests/.cache': 'a file where the cache folder should be\n' });
    const page = { url: 'https://example.com/a', html: '<p>Article</p>' };
    await expect(cachedFetch(page.url, path.join(dir, 'digests', '.cache'), async () => page)).resolves.toEqual({ ...page, fromCache: false });
  });
});
