import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../shared/errors.js';
import { fileErrorReason } from '../shared/output-dir.js';
import type { DkimSigner } from './dkim.js';
import type { Transport } from './transport.js';

/** Writes each message as an .eml file named after its Message-ID, so a re-run rewrites the same files. */
export function outboxTransport(dir: string, shownDir: string, options: { dkim?: DkimSigner } = {}): Transport {
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'outbox',
    description: `outbox ${shownDir}${path.sep} (no SMTP settings: nothing is sent)`,
    verify: async () => {},
    send: async (message) => {
      const name = message.messageId.replace(/^<|@.*$/g, '') + '.eml';
      try {
        ready ??= mkdir(dir, { recursive: true });
        await ready;
        await writeFile(path.join(dir, name), options.dkim ? await options.dkim.sign(message.raw) : message.raw);
      } catch (error) {
        // A full disk or a read-only folder stops the run: every later file would fail the same way.
        throw new UserError(`${path.join(shownDir, name)}: cannot write to the outbox (${fileErrorReason(error)})`);
      }
      return { response: `written to ${path.join(shownDir, name)}` };
    },
    close: async () => {},
  };
}
