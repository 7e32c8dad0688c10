import { normalizeWords } from './topic-filter.js';

/** What folding compares of a title. */
export interface TitleKey {
  /** Its words, lower case, without accents and punctuation: equal keys are the same title. */
  exact: string;
  /** Words that say what the story is (no stopwords, numbers or one-letter words), each once. */
  words: string[];
  /** Its numbers, in any spelling ("5", "five", "fifth", "V"... "March 5", "Tuesday"), sorted: titles whose numbers differ are different stories. */
  numbers: string;
}

// Words too common to say two titles are about the same thing.
const STOPWORDS = new Set('a an and are as at be by for from has have in is it its of on or says say said than that the to was were will with after over new'.split(' '));
const CARDINALS = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(' ');
const ORDINALS = 'zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth'.split(' ');
const TENS: Record<string, number> = { thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, thousand: 1000, million: 1e6, billion: 1e9 };
// Roman numerals of parts and sequels; I, V and X are too often words or names.
const ROMAN = ['ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix', 'xi', 'xii', 'xiii', 'xiv', 'xv', 'xvi', 'xvii', 'xviii', 'xix', 'xx'];
const ROMAN_VALUES = [2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const MONTHS = 'january february march april may june july august september october november december'.split(' ');
const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Digits with their separators: 3.8.4, 1,000, 10:30, 2024-03-05 count as one number each.
const DIGITS = /\d+(?:[.,:/-]\d+)*/g;

const NUMBER_WORDS = new Map<string, string>([
  ...CARDINALS.map((word, n) => [word, String(n)] as const),
  ...ORDINALS.map((word, n) => [word, String(n)] as const),
  ...Object.entries(TENS).map(([word, n]) => [word, String(n)] as const),
  ...ROMAN.map((word, i) => [word, String(ROMAN_VALUES[i])] as const),
]);

/** A title's words and numbers, ready to compare. */
export function titleKey(title: string): TitleKey {
  const tokens = normalizeWords(title).split(' ').filter(Boolean);
  const numbers = [...(title.match(DIGITS) ?? []).map(normalizeDigits)];
  const words = new Set<string>();
  tokens.forEach((token, i) => {
    // Digits ("1st", "G7", "v3") were counted from the title itself, separators and all.
    if (/\d/.test(token)) return;
    const number = NUMBER_WORDS.get(token);
    if (number !== undefined) numbers.push(number);
    else if (WEEKDAYS.has(token)) numbers.push(token);
    else if (isMonth(token) && (/^\d/.test(tokens[i - 1] ?? '') || /^\d/.test(tokens[i + 1] ?? ''))) numbers.push(`month-${monthIndex(token)}`);
    else if (token.length > 1 && !STOPWORDS.has(token)) words.add(token);
  });
  return { exact: tokens.join(' '), words: [...words], numbers: numbers.sort().join(' ') };
}

/** "05" and "5" are one number; "1,000" and "1000" too; "3.8.4" keeps its parts. */
function normalizeDigits(digits: string): string {
  const grouped = /^\d{1,3}(,\d{3})+$/.test(digits) ? digits.replace(/,/g, '') : digits;
  return grouped
    .split(/[.,:/-]/)
    .map((part) => part.replace(/^0+(?=\d)/, ''))
    .join('.');
}

function isMonth(token: string): boolean {
  return MONTHS.includes(token) || MONTH_ABBREVIATIONS.includes(token) || token === 'sept';
}

function monthIndex(token: string): number {
  return MONTH_ABBREVIATIONS.indexOf(token.slice(0, 3)) + 1;
}
