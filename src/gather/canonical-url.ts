import { compareCodePoints } from '../shared/compare-code-points.js';

// Query parameters that only say where a click came from: the same story with or without them is one story.
const TRACKING = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|cmpid|cmp|ocid|smid|smtyp|ref|ref_src|referrer|src|source|share|sh|at_\w+|itm_\w+|__twitter_impression|guccounter|taid|ito|mod)$/i;

/**
 * A key for "the same article": scheme, `www.`, default port, fragment, trailing slash and
 * tracking parameters do not count; the remaining parameters are sorted. Not a URL to visit.
 */
export function canonicalUrl(address: string): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return address.trim();
  }
  const params = [...url.searchParams].filter(([name]) => !TRACKING.test(name)).sort(([a], [b]) => compareCodePoints(a, b));
  const query = params.length ? '?' + new URLSearchParams(params).toString() : '';
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  const pathname = url.pathname.replace(/\/+$/, '') || '/';
  return `${host}${port}${pathname}${query}`;
}
