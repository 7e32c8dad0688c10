import { textOfInline } from './body-blocks.js';
import { clean } from './plain-text.js';

/** A Diplomacy Watch-style roundup page, split into the parts of an issue. */
export interface RoundupSections {
  /** Paragraphs before the news section: the lead analysis. */
  lead: string[];
  /** One entry per em-dash bullet under "In other diplomatic news…". */
  news: string[];
  newsHeading: string;
  /** Paragraphs under "…State Department news:". */
  stateDept: string[];
  stateDeptHeading?: string;
}

const NEWS_HEADING = /^in other (diplomatic )?news\b/i;
const STATE_HEADING = /state department news:?$/i;

/** Splits a roundup's paragraphs (inline HTML) into its lead analysis, news bullets and State Department note. */
export function roundupSections(paragraphs: string[]): RoundupSections | undefined {
  const texts = paragraphs.map(textOf);
  const newsAt = texts.findIndex((t) => NEWS_HEADING.test(t) && t.length < 200);
  if (newsAt < 0) return undefined;
  const stateAt = texts.findIndex((t, i) => i > newsAt && STATE_HEADING.test(t) && t.length < 120);
  const end = stateAt < 0 ? paragraphs.length : stateAt;
  const news = paragraphs
    .slice(newsAt + 1, end)
    .filter((_, i) => /^\s*[—–-]/.test(texts[newsAt + 1 + i]!))
    .map((html) => html.replace(/^\s*(?:—|–|-|&mdash;|&ndash;)\s*/, ''));
  const sections: RoundupSections = { lead: paragraphs.slice(0, newsAt), news, newsHeading: texts[newsAt]!, stateDept: [] };
  if (stateAt >= 0) {
    sections.stateDeptHeading = texts[stateAt]!;
    // The note is short; what follows it on real pages is the author bio or related reads.
    sections.stateDept = paragraphs.slice(stateAt + 1, stateAt + 3).filter((_, i) => !/^[—–-]/.test(texts[stateAt + 1 + i] ?? ''));
  }
  return sections;
}

function textOf(html: string): string {
  return clean(textOfInline(html));
}
