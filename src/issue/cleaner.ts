import type { Item } from '../items/item.js';
import { UserError } from '../shared/errors.js';
import { sanitizeForEmail } from './sanitize.js';
import { isEmptyHtml } from './text.js';

/**
 * Sanitises each item's HTML for email, collecting what cannot stand (a relative link with
 * nothing to resolve it against, a part emptied by sanitising) to report them all at once.
 */
export class ItemCleaner {
  private readonly unresolved: string[] = [];
  private readonly emptied: string[] = [];

  /** `what` names the part for the "is empty" error; without it an empty result is allowed. */
  clean(html: string, item: Item, what?: string): string {
    const result = sanitizeForEmail(html, item.url);
    for (const link of result.unresolved) this.unresolved.push(`${item.file}: relative link "${link}" cannot be resolved`);
    // An embed alone (a video, a post) leaves nothing; say so here rather than let the templates trip on it.
    if (what && isEmptyHtml(result.html)) {
      const removed = result.removed.length ? `removed: ${result.removed.map((tag) => `<${tag}>`).join(', ')}` : 'nothing left to show';
      this.emptied.push(`${item.file}: ${what} is empty once the markup email cannot carry is taken out (${removed})`);
    }
    return result.html;
  }

  /** Throws the problems found so far, every one of them. */
  assertClean(): void {
    if (this.unresolved.length > 0) {
      throw new UserError(this.unresolved[0]!, { details: this.unresolved.slice(1), hint: 'Use absolute https:// links, or give the item a `url:` to resolve them against.' });
    }
    if (this.emptied.length > 0) {
      throw new UserError(this.emptied[0]!, { details: this.emptied.slice(1), hint: 'Email cannot show embeds or scripts: link to the post or video instead, e.g. [Watch the briefing](https://…).' });
    }
  }
}
