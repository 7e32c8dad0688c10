/**
 * The example week `init` writes, in one place: init writes these items, and `check` (and a
 * real `send`) refuse an issue that still carries any of their sentences, so a newsletter is
 * never mailed with "Your lead analysis goes here" in it.
 */
export interface SampleItem {
  kind: 'lead' | 'news' | 'state-dept';
  title?: string;
  dek?: string;
  body: string[];
}

export const INIT_SAMPLE_ITEMS: Record<'lead' | 'news' | 'state-dept', SampleItem> = {
  lead: {
    kind: 'lead',
    title: 'Your lead analysis goes here',
    dek: 'A one-sentence summary that also becomes the preheader.',
    body: ['Write the week’s analysis in markdown: paragraphs, [links to your sources](https://example.org/), *emphasis* and quotes.', '> A block quote stands out in the email.'],
  },
  news: {
    kind: 'news',
    body: ['- One bullet per list item, each citing its source, according to [Example Wire](https://example.org/wire).', '- A second bullet, [the Example Times reported](https://example.org/times).'],
  },
  'state-dept': { kind: 'state-dept', body: ['Replace this with the week’s State Department note, or delete this file.'] },
};

/** Sentences of the example items that no real issue contains, each with the kind of item it came from. */
export const INIT_SAMPLE_PHRASES: ReadonlyArray<{ kind: SampleItem['kind']; phrase: string }> = [
  { kind: 'lead', phrase: 'Your lead analysis goes here' },
  { kind: 'lead', phrase: 'A one-sentence summary that also becomes the preheader' },
  { kind: 'lead', phrase: 'Write the week’s analysis in markdown' },
  { kind: 'lead', phrase: 'A block quote stands out in the email' },
  { kind: 'news', phrase: 'One bullet per list item, each citing its source' },
  { kind: 'news', phrase: 'the Example Times reported' },
  { kind: 'state-dept', phrase: 'Replace this with the week’s State Department note' },
];
