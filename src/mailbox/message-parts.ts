import { createHash } from 'node:crypto';
import type { FetchBodyPartQuery, MessageStructureObject } from 'imapflow';

/**
 * How much of a message is ever read. One of 64 KiB or less (most returned mail): all of it.
 * A larger one: its header (64 KiB at most), then, from its structure, at most six parts of
 * 32 KiB each: two inline text parts (the first HTML one when there is no other), two report
 * parts (delivery status, feedback report) and two returned originals (whose header comes
 * first). 256 KiB in all, whether the message holds 100 KB or 30 MB. Without a structure from
 * the server: its first 128 KiB.
 */
export const WHOLE_BYTES = 64 * 1024;
export const HEADER_BYTES = 64 * 1024;
export const PART_BYTES = 32 * 1024;
export const SOURCE_BYTES = 128 * 1024;
export const MAX_MESSAGE_BYTES = HEADER_BYTES + 6 * PART_BYTES;

const REPORTS = new Set(['message/delivery-status', 'message/global-delivery-status', 'message/feedback-report']);
const ORIGINALS = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

/** What the server sent for one message: its header and the parts asked for, or the start of its source. */
export interface FetchedParts {
  headers?: Buffer | undefined;
  bodyParts?: Map<string, Buffer> | undefined;
  source?: Buffer | undefined;
}

/** What to fetch of a message, from its BODYSTRUCTURE; `source` when there is none to go by. */
export function partsQuery(structure: MessageStructureObject | undefined): FetchBodyPartQuery[] | 'source' {
  if (!structure) return 'source';
  const header: FetchBodyPartQuery = { key: 'HEADER', maxLength: HEADER_BYTES };
  const parts = chosenParts(structure);
  if (!parts) return [header, { key: 'TEXT', maxLength: PART_BYTES }];
  return [header, ...parts.map((part) => ({ key: part.part!, maxLength: PART_BYTES }))];
}

/** The most that is read of a message with this structure (the header counted at its cap). */
export function mostBytesRead(structure: MessageStructureObject | undefined): number {
  if (!structure) return SOURCE_BYTES;
  const parts = chosenParts(structure) ?? [structure];
  return HEADER_BYTES + parts.reduce((sum, part) => sum + Math.min(part.size ?? PART_BYTES, PART_BYTES), 0);
}

/**
 * A bounded message source that parses to what the classifier needs: the header as the server
 * has it, and for a multipart message a multipart of the same type (report type kept) holding
 * only the chosen parts, each cut at its last whole line if it was cut short.
 */
export function boundedSource(structure: MessageStructureObject | undefined, fetched: FetchedParts): Buffer {
  if (!structure || fetched.source) return wholeLines(fetched.source ?? Buffer.alloc(0), SOURCE_BYTES);
  const header = headerBlock(fetched.headers ?? Buffer.alloc(0));
  const parts = chosenParts(structure);
  if (!parts) return Buffer.concat([header, wholeLines(fetched.bodyParts?.get('text') ?? Buffer.alloc(0), PART_BYTES)]);
  const bodies = parts.map((part) => wholeLines(fetched.bodyParts?.get(part.part!.toLowerCase()) ?? Buffer.alloc(0), PART_BYTES));
  const boundary = `=_wd_${createHash('sha256').update(Buffer.concat(bodies)).digest('hex').slice(0, 32)}`;
  const chunks = [withContentType(header, `${structure.type}${parameters(structure.parameters, boundary)}`)];
  parts.forEach((part, i) => {
    const lines = [`--${boundary}`, `Content-Type: ${part.type}${parameters(part.parameters)}`];
    if (part.encoding) lines.push(`Content-Transfer-Encoding: ${part.encoding}`);
    if (part.disposition) lines.push(`Content-Disposition: ${part.disposition}${parameters(part.dispositionParameters)}`);
    chunks.push(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), bodies[i]!, Buffer.from('\r\n'));
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** The parts a verdict needs, in their order; undefined for a message that is not multipart. */
function chosenParts(structure: MessageStructureObject): MessageStructureObject[] | undefined {
  if (!structure.type.startsWith('multipart/') || !structure.childNodes?.length) return undefined;
  const leaves: MessageStructureObject[] = [];
  const visit = (node: MessageStructureObject) => (node.type.startsWith('multipart/') ? node.childNodes?.forEach(visit) : node.part && leaves.push(node));
  visit(structure);
  const inline = leaves.filter((node) => node.type.startsWith('text/') && node.disposition !== 'attachment');
  const texts = inline.filter((node) => node.type !== 'text/html' && !ORIGINALS.has(node.type)).slice(0, 2);
  const chosen = new Set([
    ...(texts.length ? texts : inline.filter((node) => node.type === 'text/html').slice(0, 1)),
    ...leaves.filter((node) => REPORTS.has(node.type)).slice(0, 2),
    ...leaves.filter((node) => ORIGINALS.has(node.type)).slice(0, 2),
  ]);
  return leaves.filter((node) => chosen.has(node));
}

/** The content up to its last whole line when it filled `limit` (and so was probably cut short). */
function wholeLines(content: Buffer, limit: number): Buffer {
  if (content.length < limit) return content;
  const end = content.lastIndexOf(0x0a);
  return end > 0 ? content.subarray(0, end + 1) : content;
}

/** The header's whole lines, ending in the blank line that ends a header. */
function headerBlock(header: Buffer): Buffer {
  const text = wholeLines(header, HEADER_BYTES).toString('latin1').replace(/(?:\r?\n)+$/, '');
  return Buffer.from(`${text}\r\n\r\n`, 'latin1');
}

/** The header with its Content-Type field (and its folded lines) replaced. */
function withContentType(header: Buffer, contentType: string): Buffer {
  const text = header.toString('latin1').replace(/^Content-Type[ \t]*:.*(?:\r?\n[ \t].*)*\r?\n/gim, '');
  return Buffer.concat([Buffer.from(text.replace(/\r\n\r\n$/, '\r\n'), 'latin1'), Buffer.from(`Content-Type: ${contentType}\r\n\r\n`, 'utf8')]);
}

function parameters(values: Record<string, string> | undefined, boundary?: string): string {
  const entries = Object.entries(values ?? {}).filter(([name]) => name.toLowerCase() !== 'boundary');
  if (boundary) entries.push(['boundary', boundary]);
  return entries.map(([name, value]) => `; ${name}="${value.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`).join('');
}
