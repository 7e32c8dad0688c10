import * as v from 'valibot';
import { ITEM_KINDS } from '../items/item.js';
import { httpUrl, strict, text } from './fields.js';

/** Topic filters: words or phrases (a trailing * matches word beginnings), matched on title and summary. */
export const keywords = v.optional(
  v.array(
    v.pipe(text, v.check((s) => /[\p{L}\p{N}]/u.test(s), 'expected a word or phrase with letters or digits')),
    'expected a list of words or phrases, e.g. ["Ukraine", "sanction*"]',
  ),
  [],
);
const cssSelector = v.pipe(v.string('expected a CSS selector'), v.trim(), v.minLength(1, 'expected a CSS selector'));
export const SOURCE_TYPES = ['feed', 'listing', 'state-dept'] as const;

/** Which links of a listing page are entries, and where their title, summary and date are. */
const listingSchema = strict({
  entries: cssSelector,
  link: v.optional(cssSelector),
  title: v.optional(cssSelector),
  summary: v.optional(cssSelector),
  date: v.optional(cssSelector),
  dateAttribute: v.optional(text),
  dateFormat: v.optional(text),
});

export const sourceSchema = v.pipe(
  strict({
    type: v.optional(v.picklist(SOURCE_TYPES, `expected one of ${SOURCE_TYPES.join(', ')}`), 'feed'),
    outlet: v.optional(text),
    url: v.optional(httpUrl),
    kind: v.optional(v.picklist(ITEM_KINDS, `expected one of ${ITEM_KINDS.join(', ')}`)),
    listing: v.optional(listingSchema),
    include: keywords,
    exclude: keywords,
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const source = dataset.value;
    const problem = (key: string, message: string) =>
      addIssue({ message, path: [{ type: 'object', origin: 'value', input: source, key, value: (source as Record<string, unknown>)[key] }] });
    if (source.type === 'state-dept') {
      if (source.kind && source.kind !== 'state-dept') problem('kind', 'a "state-dept" source drafts the State Department note; leave out "kind"');
      for (const key of ['include', 'exclude'] as const) {
        if (source[key].length > 0) problem(key, 'a "state-dept" source lists every briefing of the week, so topic filters do not apply to it; leave this out');
      }
      return;
    }
    if (source.kind === 'state-dept') problem('kind', 'only a "type": "state-dept" source drafts the State Department note; use news, lead or related');
    if (!source.url) problem('url', `required: the address of the ${source.type === 'listing' ? 'listing page' : 'RSS, Atom or JSON feed'}`);
    if (!source.outlet) problem('outlet', 'required: the name to cite, as in "according to <outlet>"');
    if (source.type === 'listing' && !source.listing) problem('listing', 'required for a listing page: at least {"entries": "<CSS selector of each entry>"}');
    if (source.type === 'feed' && source.listing) problem('listing', 'only for "type": "listing" sources; a feed needs no selectors');
  }),
);

