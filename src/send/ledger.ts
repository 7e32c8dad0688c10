import { open, readFile, type FileHandle } from 'node:fs/promises';

/** One recipient's outcome, one JSON line each in digests/<week>/sends.jsonl. */
export interface LedgerEntry {
  email: string;
  /** sent: the server accepted it. failed: refused permanently (5xx). deferred: transient failures outlasted the retries. */
  status: 'sent' | 'failed' | 'deferred';
  /** sha256 of the issue.html that was sent. */
  build: string;
  messageId: string;
  response: string;
  attempts: number;
  at: string;
}

export interface LedgerState {
  /** Latest outcome per lower-cased address. */
  outcomes: Map<string, LedgerEntry>;
  /** Builds that have been sent from this ledger. */
  builds: Set<string>;
}

/** Reads a ledger; a torn last line (power loss mid-write) is ignored, since its message is unconfirmed. */
export async function readLedger(file: string): Promise<LedgerState> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const outcomes = new Map<string, LedgerEntry>();
  const builds = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(line) as LedgerEntry;
    } catch {
      continue;
    }
    const key = entry.email.toLowerCase();
    // Once sent, always sent: a later line cannot undo a delivery.
    if (outcomes.get(key)?.status !== 'sent') outcomes.set(key, entry);
    if (entry.status === 'sent') builds.add(entry.build);
  }
  return { outcomes, builds };
}

/**
 * Appends outcomes as they happen. Each line is written with its own write() call, so it is in
 * the operating system's hands (surviving a killed process) before the next recipient is
 * recorded; fsync every `syncEvery` lines and at close bounds what a power loss can take.
 */
export class LedgerWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private unsynced = 0;

  private constructor(private readonly handle: FileHandle, private readonly syncEvery: number) {}

  static async open(file: string, syncEvery = 50): Promise<LedgerWriter> {
    return new LedgerWriter(await open(file, 'a'), syncEvery);
  }

  record(entry: LedgerEntry): Promise<void> {
    const line = JSON.stringify(entry) + '\n';
    const write = this.chain.then(async () => {
      await this.handle.write(line);
      if (++this.unsynced >= this.syncEvery) {
        this.unsynced = 0;
        await this.handle.sync();
      }
    });
    this.chain = write.catch(() => {});
    return write;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.sync();
    await this.handle.close();
  }
}
