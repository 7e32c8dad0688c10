export interface TopicFilters {
  include: readonly string[];
  exclude: readonly string[];
}

// "U.S.", "U.N.", "E.U": written with or without the dots, the same word.
const INITIALISM = /(?<![\p{L}\p{N}])\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}])/gu;

export type TopicVerdict = 'on-topic' | 'off-topic';

/**
 * A matcher for title and summary text: kept when it names one of `include` (or `include` is
 * empty) and none of `exclude`. Case and accents are ignored ("Kyiv" matches "KYIV", "Senegal"
 * matches "Sénégal"), words match whole ("Iran" does not match "Iranian"; "Iran*" does), and a
 * phrase matches its words in order.
 */
export function topicMatcher(filters: TopicFilters): (text: string) => TopicVerdict {
  const include = anyOf(filters.include);
  const exclude = anyOf(filters.exclude);
  // Most sources have no filters: nothing to normalise then.
  if (!include && !exclude) return () => 'on-topic';
  return (text) => {
    const normalized = ` ${normalizeWords(text)} `;
    if (include && !include.test(normalized)) return 'off-topic';
    if (exclude && exclude.test(normalized)) return 'off-topic';
    return 'on-topic';
  };
}

/** Lower case, no accents, letters and digits only, single spaces: "Côte d'Ivoire's" -> "cote d ivoire s", "U.S." -> "us". */
export function normalizeWords(text: string): string {
  return text
    .replace(INITIALISM, (initials) => initials.replace(/\./g, ''))
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function anyOf(keywords: readonly string[]): RegExp | undefined {
  if (keywords.length === 0) return undefined;
  const alternatives = keywords.map((keyword) =>
    keyword
      .trim()
      .split(/\s+/)
      .map((token) => escapeRegExp(normalizeWords(token)) + (token.endsWith('*') ? '[\\p{L}\\p{N}]*' : ''))
      .filter((part) => part && part !== '[\\p{L}\\p{N}]*')
      .join(' '),
  );
  return new RegExp(` (?:${alternatives.join('|')}) `, 'u');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
