import { getDomain } from 'tldts';

/**
 * Whether a mailed unsubscribe request really comes from the address in its From: line, as the
 * operator's own receiving server judged it. A From: line costs nothing to forge, so a request
 * without a verified token suppresses its sender only when that server's Authentication-Results
 * header (RFC 8601) says DMARC passed for the From domain, or DKIM passed for a domain aligned
 * with it (the same organisational domain, as DMARC's relaxed alignment). Only the topmost
 * header naming that server counts: one lower down was added before the message reached it,
 * which is where a forger would put one.
 */
export interface SenderAuthentication {
  authenticated: boolean;
  /** How it was judged, for the log and the warning: never empty. */
  evidence: string;
}

interface ResultInfo {
  method: string;
  result: string;
  properties: Map<string, string>;
}

export function senderAuthentication(authResults: readonly string[], from: string, authServer: string | undefined): SenderAuthentication {
  if (!authServer) return { authenticated: false, evidence: 'no mailbox.authServer in the config, so no Authentication-Results header is trusted' };
  const fromDomain = from.split('@').pop()!.toLowerCase();
  const header = authResults.map(parseAuthResults).find((parsed) => parsed?.server === authServer.toLowerCase());
  if (!header) return { authenticated: false, evidence: `no Authentication-Results header from ${authServer}` };
  const dmarc = header.results.find((r) => r.method === 'dmarc' && r.result === 'pass' && (r.properties.get('header.from') ?? fromDomain).toLowerCase() === fromDomain);
  if (dmarc) return { authenticated: true, evidence: `DMARC pass for ${fromDomain} (${authServer})` };
  const dkim = header.results.find((r) => r.method === 'dkim' && r.result === 'pass' && aligned(signingDomain(r), fromDomain));
  if (dkim) return { authenticated: true, evidence: `DKIM pass for ${signingDomain(dkim)}, aligned with ${fromDomain} (${authServer})` };
  const seen = header.results.filter((r) => ['dmarc', 'dkim', 'spf'].includes(r.method)).map((r) => `${r.method}=${r.result}`);
  return { authenticated: false, evidence: `${authServer} found ${seen.length ? seen.join(', ') : 'no DKIM or DMARC result'} for ${fromDomain}` };
}

function signingDomain(result: ResultInfo): string {
  return (result.properties.get('header.d') ?? result.properties.get('header.i')?.split('@').pop() ?? '').toLowerCase();
}

/** Relaxed alignment: the same organisational domain (news.example.co.uk and example.co.uk align). */
function aligned(domain: string, fromDomain: string): boolean {
  if (!domain) return false;
  const organisation = (name: string) => getDomain(name, { allowPrivateDomains: true }) ?? name;
  return domain === fromDomain || organisation(domain) === organisation(fromDomain);
}

/** `authserv-id [version]; method=result (comment) ptype.property=value ...; ...` (RFC 8601), comments dropped. */
export function parseAuthResults(value: string): { server: string; results: ResultInfo[] } | undefined {
  const text = value.replace(/\((?:[^()\\]|\\.)*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const [head, ...parts] = text.split(';').map((part) => part.trim());
  const server = head?.split(' ')[0]?.toLowerCase();
  if (!server) return undefined;
  const results: ResultInfo[] = [];
  for (const part of parts) {
    const [first, ...rest] = part.split(' ').filter(Boolean);
    const match = /^([a-z0-9_-]+)=([a-z]+)$/i.exec(first ?? '');
    if (!match) continue;
    const properties = new Map<string, string>();
    for (const pair of rest) {
      const at = pair.indexOf('=');
      if (at > 0) properties.set(pair.slice(0, at).toLowerCase(), pair.slice(at + 1).replace(/^"|"$/g, ''));
    }
    results.push({ method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), properties });
  }
  return { server, results };
}
