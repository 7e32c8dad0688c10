import { load } from 'cheerio';
import type { Manifest } from '../built/manifest.js';
import type { Config } from '../config/schema.js';
import { INIT_SAMPLE_PHRASES } from '../issue/init-samples.js';
import { MIN_SECRET_BYTES } from '../endpoint/protocol.js';
import { hostOf, isReservedDomain } from '../shared/reserved-domain.js';
import { error, type Finding } from './finding.js';

const CONFIG = 'watch-digest.config.json';

/**
 * What must never reach a real reader: init's example text, reserved example domains (RFC 2606,
 * RFC 6761) where the reader's mail client or the reader would use them, and an
 * UNSUBSCRIBE_SECRET short enough to guess. Errors in `check`; a real `send` refuses on them.
 */
export function goLiveFindings(input: { config: Config; manifest: Pick<Manifest, 'items'>; html: string; text: string; secret: string | undefined }): Finding[] {
  return [...reservedDomainFindings(input.config, input.html), ...sampleTextFindings(input.manifest, input.text), ...secretFindings(input.secret)];
}

/**
 * A finding of the environment rather than of the built issue or its inputs (items, config,
 * templates): fixed by changing a setting, with no compose needed.
 */
export function isSettingFinding(finding: Pick<Finding, 'rule'>): boolean {
  return finding.rule === SECRET_RULE;
}

const SECRET_RULE = 'unsubscribe-secret';

function reservedDomainFindings(config: Config, html: string): Finding[] {
  const findings: Finding[] = [];
  const configured: Array<[string, string | undefined]> = [
    ['from.address', config.from.address],
    ['replyTo', config.replyTo],
    ['bounce.address', config.bounce?.address],
    ['unsubscribe.url', config.unsubscribe.url],
    ['unsubscribe.mailto', config.unsubscribe.mailto],
  ];
  for (const [field, value] of configured) {
    const host = value && hostOf(value);
    if (host && isReservedDomain(host)) findings.push(error('placeholder-domain', `${field} "${value}" uses ${host}, a reserved example domain: mail and links there go nowhere`, `${CONFIG} ${field}`));
  }
  const $ = load(html);
  // The sample unsubscribe link stands for unsubscribe.url, reported above.
  const seen = new Set<string>();
  const unsubscribeStart = config.unsubscribe.url.split('{token}')[0]!;
  $('a[href], img[src]').each((_, element) => {
    const address = $(element).attr('href') ?? $(element).attr('src') ?? '';
    const host = hostOf(address);
    if (!host || !isReservedDomain(host) || seen.has(address) || address.startsWith(unsubscribeStart)) return;
    seen.add(address);
    const tag = element.tagName.toLowerCase();
    findings.push(error('placeholder-domain', `${tag === 'img' ? 'image' : 'link'} to ${address}: ${host} is a reserved example domain`, `issue.html <${tag}>`));
  });
  return findings;
}

function sampleTextFindings(manifest: Pick<Manifest, 'items'>, text: string): Finding[] {
  return INIT_SAMPLE_PHRASES.filter(({ phrase }) => text.includes(phrase)).map(({ kind, phrase }) => {
    const file = manifest.items.find((item) => item.kind === kind)?.file;
    return error('sample-text', `"${phrase}" is init's example text: write the week's own ${kind === 'state-dept' ? 'State Department note' : kind}, or delete the example`, file ?? 'issue.txt');
  });
}

function secretFindings(secret: string | undefined): Finding[] {
  if (secret === undefined) return [];
  const bytes = new TextEncoder().encode(secret).length;
  if (bytes >= MIN_SECRET_BYTES) return [];
  return [error(SECRET_RULE, `UNSUBSCRIBE_SECRET is ${bytes} bytes long; it must be at least ${MIN_SECRET_BYTES}, or tokens can be forged by guessing it (make one with \`openssl rand -hex 32\`)`, 'UNSUBSCRIBE_SECRET')];
}
