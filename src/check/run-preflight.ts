import { escapeUTF8 as escape } from 'entities';
import type { Config } from '../config/schema.js';
import { PLACEHOLDERS } from '../issue/placeholders.js';
import type { Manifest } from '../built/manifest.js';
import { createMessageFactory } from '../send/message.js';
import { greetingFor } from '../audience/greeting.js';
import { signToken, unsubscribeUrl } from '../audience/unsubscribe-token.js';
import type { Finding } from './finding.js';
import { preflight } from './rules.js';

export interface Reader {
  email: string;
  name: string;
  /** The row the greeting is filled from; `{name}` alone when absent. */
  fields?: Record<string, string>;
}

/** The issue's HTML as one reader gets it: their unsubscribe link and greeting filled in, escaped as `send` does. */
export function personaliseHtml(html: string, config: Config, reader: Reader, secret: string): string {
  const link = unsubscribeUrl(config.unsubscribe.url, signToken(reader.email, secret));
  const greeting = config.greeting ? greetingFor(config.greeting, reader.fields ?? { name: reader.name }) : '';
  return html.replaceAll(PLACEHOLDERS.unsubscribeUrl, escape(link)).replaceAll(PLACEHOLDERS.greeting, escape(greeting));
}

/** The offline preflight rules for a built issue, personalised for `reader` (the largest message). */
export async function runPreflight(
  issue: { manifest: Manifest; html: string; text: string },
  config: Config,
  reader: Reader,
  secret: string,
  date: Date,
): Promise<Finding[]> {
  const prepare = await createMessageFactory({ week: issue.manifest.week, subject: issue.manifest.subject, html: issue.html, text: issue.text }, { config, secret, date });
  const sampleMessage = prepare({ email: reader.email, key: reader.email.toLowerCase(), name: reader.name, fields: reader.fields ?? { name: reader.name } }).raw;
  return preflight({ ...issue, largestPersonalisedHtml: personaliseHtml(issue.html, config, reader, secret), sampleMessage, config });
}
