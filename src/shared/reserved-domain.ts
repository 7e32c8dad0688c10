/**
 * Names reserved for examples and tests (RFC 2606, RFC 6761): mail to them goes nowhere and
 * links to them lead nowhere, so in a sender, an unsubscribe address or a link they can only
 * be placeholders. True for the name itself and any name under it.
 */
const RESERVED_NAMES = ['example.com', 'example.net', 'example.org'];
const RESERVED_TLDS = ['example', 'test', 'invalid', 'localhost'];

export function isReservedDomain(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const tld = name.split('.').pop() ?? '';
  return RESERVED_TLDS.includes(tld) || RESERVED_NAMES.some((reserved) => name === reserved || name.endsWith(`.${reserved}`));
}

/** The host of an http(s) or mailto address, or of an email address; undefined when it has none. */
export function hostOf(address: string): string | undefined {
  const text = address.trim();
  if (/^mailto:/i.test(text)) return /@([^?>\s]+)/.exec(text)?.[1];
  if (/^https?:\/\//i.test(text)) {
    try {
      return new URL(text.replaceAll('{token}', 'token')).hostname;
    } catch {
      return undefined;
    }
  }
  return /^[^@\s]+@([^@\s]+)$/.exec(text)?.[1];
}
