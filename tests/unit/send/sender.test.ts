import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { LedgerWriter } from '../../../src/send/ledger-writer.js';
import { readWeekLedgers } from '../../../src/send/ledger-view.js';
import { type LedgerEntry } from '../../../src/send/ledger.js';
import { createMessageFactory, type Recipient } from '../../../src/send/message.js';
import { sendAll, type SenderOptions } from '../../../src/send/sender.js';
import { smtpTransport, type SmtpTransportOptions } from '../../../src/send/smtp-transport.js';
import { fixture } from '../../helpers/fixture.js';
import { startSmtpServer, type TestSmtpBehaviour } from '../../helpers/smtp.js';

const config = parseConfig({ name: 'Test Letter', from: { address: 'news@example.org' }, unsubscribe: { url: 'https://example.org/u?t={token}' } });
const readers = (n: number): Recipient[] => Array.from({ length: n }, (_, i) => ({ email: `r${i}@example.com`, key: `r${i}@example.com`, name: '', fields: {} }));

async function* list(recipients: Recipient[]): AsyncGenerator<Recipient> {
  yield* recipients;
}

/** Sends to `recipients` through a real loopback server with `behaviour`; returns the outcomes and what the server got. */
async function run(behaviour: TestSmtpBehaviour, recipients: Recipient[], transportOptions: Partial<SmtpTransportOptions> = {}, senderOptions: Partial<SenderOptions> = {}) {
  const server = await startSmtpServer(behaviour);
  const transport = smtpTransport({ host: '127.0.0.1', port: server.port, secure: false }, { connections: 1, ...transportOptions });
  const prepare = await createMessageFactory({ week: '2024-W10', subject: 'S', html: '<p>Hi %%UNSUBSCRIBE_URL%%</p>', text: 'Hi %%UNSUBSCRIBE_URL%%' }, { config, secret: 's', date: new Date('2024-03-08T10:00:00Z') });
  const dir = await fixture({});
  const ledger = await LedgerWriter.open(path.join(dir, 'sends.jsonl'), 'sends.jsonl');
  const outcomes: LedgerEntry[] = [];
  try {
    const result = await sendAll(list(recipients), prepare, transport, ledger, {
      maxInFlight: 4,
      retries: 3,
      backoffMs: 5,
      pauseAfterFailures: 20,
      build: 'b'.repeat(64),
      now: () => new Date(),
      onOutcome: (entry) => outcomes.push(entry),
      ...senderOptions,
    });
    return { result, outcomes, server, dir };
  } finally {
    await ledger.close();
    await transport.close();
  }
}

describe('sendAll over SMTP', () => {
  it('records a connection dropped after the whole message as unknown, and never retries it', async () => {
    const { result, outcomes, server, dir } = await run({ dropEvery: 2 }, readers(3));
    // The 2nd message reaches the server, which hangs up instead of answering.
    expect(result).toMatchObject({ sent: 2, unknown: 1, deferred: 0, failed: 0 });
    const unknown = outcomes.find((o) => o.status === 'unknown')!;
    expect(unknown.attempts).toBe(1);
    expect(unknown.response).toMatch(/Connection closed/i);
    expect(server.received.map((m) => m.envelopeTo[0])).not.toContain(unknown.email);
    const view = await readWeekLedgers(dir, '.');
    expect(view.status(unknown.email)).toBe('unknown');
  });

  it('records a timeout after the whole message as unknown', async () => {
    const { result, outcomes } = await run({ delayMs: 3_000 }, readers(1), { socketTimeoutMs: 300 });
    expect(result).toMatchObject({ sent: 0, unknown: 1 });
    expect(outcomes[0]).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(outcomes[0]!.response).toMatch(/timeout/i);
  });

  it('retries a connection dropped before the message was sent, delivering it once', async () => {
    const { result, server } = await run({ dropAtRecipient: (address, attempt) => address === 'r1@example.com' && attempt === 1 }, readers(3));
    expect(result).toMatchObject({ sent: 3, unknown: 0, deferred: 0 });
    expect(server.counts().get('r1@example.com')).toBe(1);
    expect(server.counts().size).toBe(3);
  });

  it('stops at once on its signal: queued messages are left for the next run, none is recorded twice', async () => {
    const controller = new AbortController();
    let outcomesBeforeStop = 0;
    const { result, outcomes, server } = await run({ delayMs: 50 }, readers(40), { rate: 5 }, {
      maxInFlight: 20,
      signal: controller.signal,
      onOutcome: () => {
        if (++outcomesBeforeStop === 2) controller.abort();
      },
    });
    expect(result.stopped?.reason).toBe('interrupted');
    // Everything recorded was delivered; at most the message on the connection finished after the stop.
    expect(result.sent).toBeLessThanOrEqual(4);
    expect(server.received.length).toBe(result.sent);
    expect(new Set(outcomes.map((o) => o.email)).size).toBe(outcomes.length);
  });

  it('reports a stop that came before it started as an interruption, even when the list yields nobody', async () => {
    // The caller's list ends at once once stopped (as send's does), so only sendAll can tell this run was not complete.
    const controller = new AbortController();
    controller.abort();
    const { result, server } = await run({}, [], {}, { signal: controller.signal });
    expect(result).toMatchObject({ sent: 0, stopped: { reason: 'interrupted' } });
    expect(server.received).toHaveLength(0);
  });

  it('stops at once when the ledger cannot be written, handing back what was not recorded', async () => {
    const server = await startSmtpServer();
    const transport = smtpTransport({ host: '127.0.0.1', port: server.port, secure: false }, { connections: 1 });
    const prepare = await createMessageFactory({ week: '2024-W10', subject: 'S', html: 'x', text: 'x' }, { config, secret: 's', date: new Date() });
    const ledger = await LedgerWriter.open('/dev/full', 'digests/2024-W10/sends.jsonl');
    try {
      const result = await sendAll(list(readers(30)), prepare, transport, ledger, { maxInFlight: 2, retries: 0, backoffMs: 1, pauseAfterFailures: 20, build: 'b', now: () => new Date() });
      expect(result.stopped).toMatchObject({ reason: 'ledger', message: expect.stringContaining('digests/2024-W10/sends.jsonl: cannot write the send ledger (ENOSPC') });
      expect(server.received.length).toBeLessThanOrEqual(2);
      expect(result.unrecorded!.map((e) => e.email).sort()).toEqual(server.received.map((m) => m.envelopeTo[0]).sort());
    } finally {
      await ledger.close();
      await transport.close();
    }
  });
});
