// watch-digest.config.json as data: every field with its default, or the precise message when it is wrong.
import * as v from 'valibot';
import { brandSchema } from './brand-schema.js';
import { greetingColumns } from './greeting.js';
import { email, httpUrl, strict, text, timeZone, weekday } from './fields.js';
import { keywords, sourceSchema } from './sources-schema.js';

export { WEEKDAYS, type Weekday, weekdayIndex } from './fields.js';
export { SOURCE_TYPES } from './sources-schema.js';

export const CONFIG_FILE = 'watch-digest.config.json';

export const configSchema = strict({
  name: v.optional(text, 'Weekly Digest'),
  tagline: v.optional(text),
  kicker: v.optional(text),
  from: v.optional(strict({ name: v.optional(text), address: email }, '{"name": "The Weekly", "address": "news@example.org"}'), { address: 'newsletter@example.org' }),
  replyTo: v.optional(email),
  postalAddress: v.optional(v.string('expected text'), ''),
  timeZone: v.optional(timeZone, 'UTC'),
  weekStartsOn: v.optional(weekday, 'monday'),
  publishDay: v.optional(weekday, 'friday'),
  brand: v.optional(brandSchema, {}),
  headings: v.optional(
    strict({
      news: v.optional(text, 'In other diplomatic news:'),
      stateDept: v.optional(text, 'U.S. State Department news:'),
      /** null hides the heading above the teaser cards. */
      related: v.optional(v.nullable(text), 'Related reads'),
    }),
    {},
  ),
  /** Link and row labels in the templates; null hides the link or label. */
  labels: v.optional(
    strict({
      keepReading: v.optional(v.nullable(text), 'Keep reading'),
      readOriginal: v.optional(v.nullable(text), 'Read the original →'),
      social: v.optional(v.nullable(text), null),
    }),
    {},
  ),
  social: v.optional(v.array(strict({ label: text, url: httpUrl }), 'expected a list of {"label", "url"}'), []),
  unsubscribe: v.optional(
    strict({
      url: v.optional(
        v.pipe(v.string(), v.check((s) => s.includes('{token}'), 'expected a URL template containing {token}')),
        'https://example.org/unsubscribe?token={token}',
      ),
      mailto: v.optional(email),
      /** Where `unsubscribe --pull` records each pull and where the next one starts (append-only). */
      pullLog: v.optional(text, 'unsubscribe-pulls.jsonl'),
    }),
    {},
  ),
  greeting: v.optional(
    strict({
      withName: v.pipe(text, v.check((s) => greetingColumns(s).length > 0, 'expected text with at least one {column} of the subscriber list, e.g. "Dear {name}," or "Dear {first_name},"')),
      // Used for the readers whose row lacks a value withName needs: a {column} here could only be mailed as it is.
      withoutName: v.pipe(text, v.check((s) => greetingColumns(s).length === 0, 'expected text without a {column}: it greets the readers whose row lacks a value greeting.withName needs, e.g. "Dear reader,"')),
    }),
  ),
  bounce: v.optional(
    strict({
      /** The envelope sender (MAIL FROM, which receivers turn into Return-Path): where bounces go. */
      address: email,
      /** Per-recipient bounce addresses `local+<id>@domain`, matched without the original message. */
      verp: v.optional(v.boolean('expected true or false'), false),
    }),
  ),
  feedbackId: v.optional(
    v.pipe(v.string('expected text'), v.regex(/^[\x21-\x7e]{1,200}$/, 'expected up to 200 printable ASCII characters without spaces, e.g. "{week}:newsletter:example-org"')),
  ),
  mailbox: v.optional(
    strict({
      folder: v.optional(text, 'INBOX'),
      processedFolder: v.optional(text, 'watch-digest-processed'),
      afterProcessing: v.optional(v.picklist(['move', 'flag'], 'expected "move" or "flag"'), 'move'),
      softBounceLimit: v.optional(v.pipe(v.number('expected a number'), v.integer('expected a whole number'), v.minValue(1), v.maxValue(100)), 3),
      log: v.optional(text, 'mailbox-log.jsonl'),
      /** The receiving server (its authserv-id) whose Authentication-Results decide whether a mailed request's From: is authentic. */
      authServer: v.optional(text),
    }),
    {},
  ),
  subscribers: v.optional(text, 'subscribers.csv'),
  suppressionFile: v.optional(text, 'unsubscribed.csv'),
  archiveUrl: v.optional(httpUrl),
  scrape: v.optional(
    strict({
      timeoutSeconds: v.optional(v.pipe(v.number('expected seconds'), v.minValue(0.1), v.maxValue(300)), 15),
      maxMegabytes: v.optional(v.pipe(v.number('expected megabytes'), v.minValue(0.01), v.maxValue(100)), 5),
    }),
    {},
  ),
  /** compose and check fail on warnings too (as `--strict` does), e.g. in the weekly CI run. */
  warningsAsErrors: v.optional(v.boolean('expected true or false'), false),
  sources: v.optional(v.array(sourceSchema, 'expected a list of sources, e.g. [{"outlet": "Reuters", "url": "https://…/feed.xml"}]'), []),
  filters: v.optional(strict({ include: keywords, exclude: keywords }), {}),
  digestsDir: v.optional(text, 'digests'),
  templatesDir: v.optional(text),
});

export type Config = v.InferOutput<typeof configSchema>;

