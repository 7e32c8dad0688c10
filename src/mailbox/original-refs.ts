import { verpId } from '../send/bounce-address.js';
import type { FieldGroup } from './report-fields.js';

/** Ids (the hex part of our Message-IDs) that a returned message names, to be looked up in the send ledgers. */
export type Refs = string[];

/** Message-ID and X-Watch-Digest-ID of the originals a report quotes or attaches. */
export function originalRefs(groups: readonly FieldGroup[]): Set<string> {
  const refs = new Set<string>();
  for (const headers of groups) {
    addRef(refs, messageHex(headers.get('message-id')));
    addRef(refs, /^\s*([0-9a-f]{32})\s*$/i.exec(headers.get('x-watch-digest-id') ?? '')?.[1]?.toLowerCase());
  }
  return refs;
}

/** Header lines of an original quoted inline: only at the start of a line, never `> quoted` text. */
export function inlineHeaders(quoted: string): FieldGroup {
  const fields: FieldGroup = new Map();
  for (const match of quoted.matchAll(/^(Message-ID|X-Watch-Digest-ID|From|To|Return-Path):[ \t]*(.+)$/gim)) {
    if (!fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return fields;
}

/** Ids carried by VERP addresses (`bounces+<id>@...`) among the candidates. */
export function addVerpRefs(refs: Set<string>, candidates: ReadonlyArray<string | undefined>, bounceAddress: string | undefined): void {
  if (!bounceAddress) return;
  for (const candidate of candidates) if (candidate) addRef(refs, verpId(candidate, bounceAddress));
}

export function addRef(refs: Set<string>, hex: string | undefined): void {
  if (hex) refs.add(hex);
}

export function messageHex(messageId: string | undefined): string | undefined {
  return /^\s*<?([0-9a-f]{32})@[^>\s]+>?\s*$/i.exec(messageId ?? '')?.[1]?.toLowerCase();
}
