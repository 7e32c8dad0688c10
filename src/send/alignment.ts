import { getDomain } from 'tldts';
import type { Config } from '../config/schema.js';

/**
 * Receivers check DMARC alignment: the DKIM signing domain (or the envelope sender's domain, for
 * SPF) must share the From address's organisational domain; Gmail and Yahoo require it of bulk
 * senders. Returns one warning per misaligned domain.
 */
export function alignmentWarnings(config: Pick<Config, 'from' | 'bounce'>, dkim: { domainName: string } | undefined): string[] {
  const fromDomain = config.from.address.split('@')[1]!.toLowerCase();
  const organisation = (domain: string) => getDomain(domain) ?? domain.toLowerCase();
  const warnings: string[] = [];
  if (dkim && organisation(dkim.domainName) !== organisation(fromDomain)) {
    warnings.push(
      `DKIM_DOMAIN ${dkim.domainName} does not align with the From domain ${fromDomain}: DMARC (which Gmail and Yahoo require) fails unless SPF aligns; sign as ${fromDomain} or one of its subdomains`,
    );
  }
  const bounceDomain = config.bounce?.address.split('@')[1]?.toLowerCase();
  if (bounceDomain && organisation(bounceDomain) !== organisation(fromDomain)) {
    warnings.push(`the bounce address's domain ${bounceDomain} does not align with the From domain ${fromDomain}: SPF passes for it but cannot satisfy DMARC, which then rests on an aligned DKIM signature`);
  }
  return warnings;
}
