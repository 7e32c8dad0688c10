import type { Manifest } from '../built/manifest.js';
import { warning, type Finding } from './finding.js';

/** Compose's warnings about the week's items (recorded in the manifest), each with its file as where. */
export function itemFindings(manifest: Pick<Manifest, 'warnings'>): Finding[] {
  // Builds from before warnings were recorded have none.
  return (manifest.warnings ?? []).map((text) => {
    const match = /^(\S[^:]*?\.(?:md|markdown)): ([\s\S]+)$/.exec(text);
    return match ? warning('item', match[2]!, match[1]!) : warning('item', text, 'items');
  });
}
