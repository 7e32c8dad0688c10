import sanitize from 'sanitize-html';

export interface SanitizedHtml {
  html: string;
  /** Links or images dropped because they were relative with nothing to resolve them against. */
  unresolved: string[];
  /** Elements not allowed in email that were taken out (`iframe`, `script`, …), each named once. */
  removed: string[];
}

// Tables stay tables: a data table read as run-together cell text would lose its meaning, and every
// email client renders plain tables (the layout itself is made of them).
const TABLE_TAGS = ['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'];
const ALLOWED_TAGS = ['p', 'br', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'ul', 'ol', 'li', 'code', 'pre', 'h3', 'h4', 'img', 'hr', ...TABLE_TAGS];

/**
 * Makes item HTML safe for email: an allow-list of tags (no script, style, iframe, form),
 * no event handlers or inline styles, only http(s)/mailto links, relative URLs resolved
 * against `baseUrl` or reported. Text content is never altered beyond entity normalisation.
 */
export function sanitizeForEmail(html: string, baseUrl?: string): SanitizedHtml {
  const unresolved: string[] = [];
  const removed = new Set<string>();
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
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], th: ['colspan', 'rowspan', 'align', 'scope'], td: ['colspan', 'rowspan', 'align'] },
    onOpenTag: (name) => {
      if (!ALLOWED_TAGS.includes(name.toLowerCase())) removed.add(name.toLowerCase());
    },
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
        if (!src || !/^https?:/i.test(src)) removed.add('img without a usable src');
        return { tagName, attribs: src ? { ...rest, src } : rest };
      },
      // markdown-it aligns table columns with an inline style, which is not allowed; `align` says the same.
      th: alignCell,
      td: alignCell,
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return { html: clean, unresolved, removed: [...removed] };
}

function alignCell(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const align = (/^(left|center|right)$/i.exec(attribs.align ?? '') ?? /text-align:\s*(left|center|right)/i.exec(attribs.style ?? ''))?.[1]?.toLowerCase();
  const { style: _style, align: _align, ...rest } = attribs;
  return { tagName, attribs: align ? { ...rest, align } : rest };
}
