import * as v from 'valibot';
import { color, fontStack, httpUrl, strict } from './fields.js';

export const brandSchema = strict({
  primaryColor: v.optional(color, '#1f3a5f'),
  accentColor: v.optional(color, '#b5442c'),
  textColor: v.optional(color, '#1d1d1f'),
  mutedColor: v.optional(color, '#5f6368'),
  backgroundColor: v.optional(color, '#f3f1ec'),
  contentBackgroundColor: v.optional(color, '#ffffff'),
  fontFamily: v.optional(fontStack, "Georgia, 'Times New Roman', Times, serif"),
  headingFontFamily: v.optional(fontStack, "'Helvetica Neue', Helvetica, Arial, sans-serif"),
  /** Kickers shown in capitals by the HTML templates (CSS); the text part keeps them as typed. */
  uppercaseKickers: v.optional(v.boolean('expected true or false'), false),
  logo: v.optional(
    strict({
      url: httpUrl,
      alt: v.pipe(v.string(), v.minLength(1, 'a logo needs alt text')),
      width: v.optional(v.pipe(v.number('expected a number of pixels'), v.integer('expected whole pixels'), v.minValue(16), v.maxValue(600)), 160),
    }),
  ),
  dark: v.optional(
    strict({
      backgroundColor: v.optional(color, '#121212'),
      contentBackgroundColor: v.optional(color, '#1e1e1e'),
      textColor: v.optional(color, '#e8e6e3'),
      mutedColor: v.optional(color, '#a8a8a8'),
      linkColor: v.optional(color, '#8ab4f8'),
    }),
    {},
  ),
});

