import MarkdownIt, { type Token } from 'markdown-it';

// typographer stays off: the editor's quotes and dashes must come out exactly as typed.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });

/** Markdown to (unsanitised) HTML. */
export function markdownToHtml(source: string): string {
  return markdown.render(source);
}

/**
 * A news item's bullets (design.md): each top-level list item is one bullet, and so is each
 * block outside a list; a body without a list is a single bullet.
 */
export function markdownToBullets(source: string): string[] {
  const env = {};
  const tokens = markdown.parse(source, env);
  const hasList = tokens.some((t) => t.level === 0 && (t.type === 'bullet_list_open' || t.type === 'ordered_list_open'));
  if (!hasList) return [markdown.renderer.render(tokens, markdown.options, env).trim()];

  const bullets: string[] = [];
  const render = (slice: Token[]) => bullets.push(markdown.renderer.render(slice, markdown.options, env));
  for (let i = 0; i < tokens.length; i = closingIndex(tokens, i) + 1) {
    const token = tokens[i]!;
    if (token.type !== 'bullet_list_open' && token.type !== 'ordered_list_open') {
      render(tokens.slice(i, closingIndex(tokens, i) + 1));
      continue;
    }
    for (let j = i + 1; tokens[j]?.type === 'list_item_open'; j = closingIndex(tokens, j) + 1) {
      render(tokens.slice(j + 1, closingIndex(tokens, j)));
    }
  }
  return bullets.map((html) => html.trim()).filter(Boolean);
}

/** Index of the token that closes the block opened at `start` (or `start` for a self-contained token). */
function closingIndex(tokens: Token[], start: number): number {
  const open = tokens[start]!;
  if (open.nesting !== 1) return start;
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    depth += tokens[i]!.nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}
