import { Resolver } from 'node:dns/promises';
import { warning, type Finding } from './finding.js';

export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ETIMEOUT', 'ESERVFAIL', 'ECANCELLED', 'EREFUSED', 'ECONNRESET', 'EAI_AGAIN']);

/**
 * Looks up what receivers check for a bulk sender's From domain: SPF, DMARC, and the DKIM
 * selector's key. Returns `skipped` instead of findings when DNS itself cannot be reached.
 */
export async function checkSenderDns(domain: string, selector: string | undefined, resolver: TxtResolver): Promise<{ findings: Finding[]; skipped?: string }> {
  const lookup = async (name: string): Promise<string[] | 'missing'> => {
    try {
      return (await resolver.resolveTxt(name)).map((parts) => parts.join(''));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (UNREACHABLE.has(code)) throw Object.assign(new Error(`DNS unreachable (${code})`), { unreachable: true });
      return 'missing';
    }
  };
  try {
    const findings: Finding[] = [];
    const spf = await lookup(domain);
    if (spf === 'missing' || !spf.some((record) => record.startsWith('v=spf1'))) findings.push(warning('spf', `no SPF record (TXT "v=spf1 …") on ${domain}`, `DNS ${domain}`));
    const dmarc = await lookup(`_dmarc.${domain}`);
    if (dmarc === 'missing' || !dmarc.some((record) => record.startsWith('v=DMARC1'))) findings.push(warning('dmarc', `no DMARC record on _dmarc.${domain}`, `DNS _dmarc.${domain}`));
    if (selector) {
      const key = await lookup(`${selector}._domainkey.${domain}`);
      if (key === 'missing' || !key.some((record) => /(^|;)\s*p=/.test(record))) findings.push(warning('dkim', `no DKIM key at ${selector}._domainkey.${domain}`, `DNS ${selector}._domainkey.${domain}`));
    } else {
      findings.push(warning('dkim', 'DKIM_SELECTOR is not set, so the DKIM key was not checked (and messages will not be signed)', 'environment'));
    }
    return { findings };
  } catch (error) {
    if ((error as { unreachable?: boolean }).unreachable) return { findings: [], skipped: (error as Error).message };
    throw error;
  }
}

/** The system resolver, or WATCH_DIGEST_DNS_SERVER (host:port) when set. */
export function dnsResolver(env: NodeJS.ProcessEnv): TxtResolver {
  const resolver = new Resolver({ timeout: 3_000, tries: 1 });
  if (env.WATCH_DIGEST_DNS_SERVER) resolver.setServers([env.WATCH_DIGEST_DNS_SERVER]);
  return resolver;
}
