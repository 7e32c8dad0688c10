import { escapeUTF8 } from 'entities';
import { UserError } from '../shared/errors.js';
import { unsubscribeUrl } from '../audience/unsubscribe-token.js';

/**
 * Tokens the templates emit for `send` to fill per recipient. They survive HTML escaping and
 * MJML untouched, so personalising is a plain string substitution.
 */
export const PLACEHOLDERS = {
  unsubscribeUrl: '%%UNSUBSCRIBE_URL%%',
  /** Only emitted when the config has a `greeting`. */
  greeting: '%%GREETING%%',
} as const;

/**
 * Text from items (and the pages scraped into them) with every `%%` broken by an invisible word
 * joiner (U+2060), so nothing in it reads as a placeholder: `send` fills each placeholder per
 * recipient, and a page must never put a reader's unsubscribe link or name where it likes (into
 * a link to another site, say). The joiner survives HTML escaping, MJML and the text part's
 * conversion, and shows as nothing. Every string in `value`, however deep.
 */
export function defusePlaceholders<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/%(?=%)/g, '%\u2060') as T;
  if (Array.isArray(value)) return value.map((entry: unknown) => defusePlaceholders(entry)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, defusePlaceholders(entry)])) as T;
  }
  return value;
}

/** The placeholders an issue built with this config contains. */
export function placeholdersFor(config: { greeting?: unknown }): { unsubscribeUrl: string; greeting: string | null } {
  return { unsubscribeUrl: PLACEHOLDERS.unsubscribeUrl, greeting: config.greeting ? PLACEHOLDERS.greeting : null };
}

/** The unsubscribe token in the artifacts' sample link: no signature, so every endpoint rejects it. */
export const SAMPLE_TOKEN = 'sample';

/**
 * What a person opening issue.html or issue.txt sees instead of each placeholder: the greeting
 * for a reader without a name, and an unsubscribe link that unsubscribes no one.
 */
export function sampleValues(config: { greeting?: { withoutName: string } | undefined; unsubscribe: { url: string } }): Record<string, string> {
  return {
    [PLACEHOLDERS.unsubscribeUrl]: unsubscribeUrl(config.unsubscribe.url, SAMPLE_TOKEN),
    [PLACEHOLDERS.greeting]: config.greeting?.withoutName ?? '',
  };
}

/** Where a sample value stands for a placeholder in a built file: UTF-8 byte offset and length. */
export interface PlaceholderSpan {
  token: string;
  offset: number;
  length: number;
}

export interface SampledContent {
  content: string;
  spans: PlaceholderSpan[];
}

const TOKEN = /(%%[A-Z_]+%%)/;

/** Replaces each placeholder with its sample value (HTML-escaped for `html`), recording where it went. */
export function fillSamples(content: string, samples: Record<string, string>, kind: 'html' | 'text'): SampledContent {
  const spans: PlaceholderSpan[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  content.split(TOKEN).forEach((part, i) => {
    const sample = i % 2 === 1 ? samples[part] : undefined;
    const chunk = Buffer.from(sample === undefined ? part : kind === 'html' ? escapeUTF8(sample) : sample);
    if (sample !== undefined) spans.push({ token: part, offset, length: chunk.length });
    chunks.push(chunk);
    offset += chunk.length;
  });
  return { content: Buffer.concat(chunks).toString('utf8'), spans };
}

/** The built file with its placeholders back in place of the samples: what `send` personalises. */
export function restorePlaceholders(content: string, spans: readonly PlaceholderSpan[], file: string): string {
  const bytes = Buffer.from(content);
  const chunks: Buffer[] = [];
  let at = 0;
  for (const span of spans) {
    if (!Number.isInteger(span.offset) || span.offset < at || span.offset + span.length > bytes.length || !/^%%[A-Z_]+%%$/.test(span.token)) {
      throw new UserError(`${file}: issue.json's placeholder positions do not fit the file`, { hint: 'Compose the issue again; do not edit the built files.' });
    }
    chunks.push(bytes.subarray(at, span.offset), Buffer.from(span.token));
    at = span.offset + span.length;
  }
  chunks.push(bytes.subarray(at));
  return Buffer.concat(chunks).toString('utf8');
}

/** A manifest's record of the samples in issue.html and issue.txt. */
export interface ManifestPlaceholders {
  html: PlaceholderSpan[];
  text: PlaceholderSpan[];
}

/**
 * The issue's HTML and text with placeholders, ready to personalise. Builds from before samples
 * were written (whose manifest lists bare tokens) contain the placeholders themselves.
 */
export function withPlaceholders(issue: { manifest: { placeholders: ManifestPlaceholders | string[] }; html: string; text: string }): { html: string; text: string } {
  return { html: htmlWithPlaceholders(issue.manifest, issue.html), text: part(issue.manifest, issue.text, 'text') };
}

export function htmlWithPlaceholders(manifest: { placeholders: ManifestPlaceholders | string[] }, html: string): string {
  return part(manifest, html, 'html');
}

function part(manifest: { placeholders: ManifestPlaceholders | string[] }, content: string, kind: 'html' | 'text'): string {
  const { placeholders } = manifest;
  return Array.isArray(placeholders) ? content : restorePlaceholders(content, placeholders[kind], kind === 'html' ? 'issue.html' : 'issue.txt');
}
