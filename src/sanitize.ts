import sanitize from 'sanitize-html';

export interface SanitizedHtml {
  html: string;
  /** Links or images dropped because they were relative with nothing to resolve them against. */
  unresolved: string[];
}

const ALLOWED_TAGS = ['p', 'br', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'ul', 'ol', 'li', 'code', 'pre', 'h3', 'h4', 'img', 'hr'];

/**
 * Makes item HTML safe for email: an allow-list of tags (no script, style, iframe, form),
 * no event handlers or inline styles, only http(s)/mailto links, relative URLs resolved
 * against `baseUrl` or reported. Text content is never altered beyond entity normalisation.
 */
export function sanitizeForEmail(html: string, baseUrl?: string): SanitizedHtml {
  const unresolved: string[] = [];
  const resolve = (value: string | undefined): string | undefined => {
    if (!value) return undefined;
    const trimmed = value.trim();
    // An in-page anchor means nothing in an email; mailto: needs no resolving.
    if (trimmed.startsWith('#')) return undefined;
    if (/^mailto:/i.test(trimmed)) return trimmed;
    try {
      return new URL(trimmed, baseUrl).href;
    } catch {
      unresolved.push(trimmed);
      return undefined;
    }
  };
  const clean = sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    // Dropped with their content, not unwrapped: their text is code, not prose.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template', 'svg', 'math'],
    transformTags: {
      a: (tagName, attribs) => {
        const href = resolve(attribs.href);
        const { href: _drop, ...rest } = attribs;
        return { tagName, attribs: href ? { ...rest, href } : rest };
      },
      img: (tagName, attribs) => {
        const src = resolve(attribs.src);
        const { src: _drop, ...rest } = attribs;
        return { tagName, attribs: src ? { ...rest, src } : rest };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return { html: clean, unresolved };
}
