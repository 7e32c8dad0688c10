/** A link resolved against its page, when it is an http(s) URL; undefined for anything else (mailto:, javascript:, junk). */
export function absoluteHttpUrl(link: string | undefined, base: string): string | undefined {
  if (!link?.trim()) return undefined;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
