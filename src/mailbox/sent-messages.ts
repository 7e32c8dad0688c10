import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { LEDGER_FILE, parseRecord } from '../send/ledger.js';
import { readLines } from '../shared/read-lines.js';

export interface SentMessage {
  email: string;
  week: string;
}

export interface LedgerLookup {
  /** Message id (hex) -> who it went to and in which week. */
  byId: Map<string, SentMessage>;
  /** Lower-cased address -> the weeks it was sent, oldest first. */
  weeksSent: Map<string, string[]>;
}

/**
 * Looks ids and addresses up in every week's send ledger (`digests/<week>/sends*.jsonl`),
 * streaming the lines so a year of large lists never sits in memory: only what was asked for
 * is kept. Lines it cannot read (a torn last line) are skipped, as the sender does.
 */
export async function lookUpLedgers(digestsDir: string, ids: ReadonlySet<string>, emails: ReadonlySet<string> = new Set()): Promise<LedgerLookup> {
  const byId = new Map<string, SentMessage>();
  const weeks = new Map<string, Set<string>>();
  const dirs = (await readdir(digestsDir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && /^\d{4}-W\d{2}$/.test(d.name));
  for (const dir of dirs.map((d) => d.name).sort()) {
    const names = (await readdir(path.join(digestsDir, dir)).catch(() => [] as string[])).filter((name) => LEDGER_FILE.test(name));
    for (const name of names) {
      for await (const line of readLines(path.join(digestsDir, dir, name))) {
        const entry = parseRecord(line.text);
        if (!entry) continue;
        const hex = /^<([0-9a-f]{32})@/.exec(entry.messageId)?.[1];
        if (hex && ids.has(hex)) byId.set(hex, { email: entry.email, week: dir });
        const key = entry.email.toLowerCase();
        if (entry.status === 'sent' && emails.has(key)) weeks.set(key, (weeks.get(key) ?? new Set()).add(dir));
      }
    }
  }
  return { byId, weeksSent: new Map([...weeks].map(([key, set]) => [key, [...set].sort()])) };
}
