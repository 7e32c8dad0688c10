import { escapeUTF8 as escape } from 'entities';

/**
 * The endpoint's pages: small, self-contained (no scripts, styles inline, nothing loaded from
 * elsewhere), naming the newsletter but never the reader, so a link seen by someone else shows
 * them no address.
 */
export type PageKind = 'confirm' | 'done' | 'invalid' | 'unavailable';

const TEXT: Record<PageKind, (name: string) => { title: string; body: string }> = {
  confirm: (name) => ({
    title: `Unsubscribe from ${name}`,
    body: `<p>Press the button to stop receiving ${name}.</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  }),
  done: (name) => ({ title: 'You are unsubscribed', body: `<p>You will receive no more issues of ${name}. It may take until the next issue is sent for this to show.</p>` }),
  invalid: (name) => ({
    title: 'This link does not work',
    body: `<p>This unsubscribe link is not valid: it may have been cut short when it was copied. Use the unsubscribe link at the bottom of the latest issue of ${name}, or reply to that issue asking to be unsubscribed.</p>`,
  }),
  unavailable: () => ({ title: 'Try again later', body: '<p>Unsubscribing is not possible right now. Please try again in a few minutes.</p>' }),
};

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#1a4d8f;color:#fff;cursor:pointer}';

/** Headers for every page: nothing cached, framed, indexed, or sent on as a referrer (the URL holds the token). */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex',
};

export function pageResponse(kind: PageKind, newsletter: string, status: number, head = false): Response {
  const name = escape(newsletter);
  const { title, body } = TEXT[kind](name);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body><h1>${title}</h1>${body}</body></html>`;
  return new Response(head ? null : html, { status, headers: PAGE_HEADERS });
}
