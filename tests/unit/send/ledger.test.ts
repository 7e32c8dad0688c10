import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/shared/errors.js';
import { LedgerWriter } from '../../../src/send/ledger-writer.js';
import { readWeekLedgers } from '../../../src/send/ledger-view.js';
import { type LedgerEntry } from '../../../src/send/ledger.js';
import { fixture } from '../../helpers/fixture.js';

const BUILD = 'a'.repeat(64);
const line = (email: string, status: LedgerEntry['status'], extra: Partial<LedgerEntry> = {}) =>
  JSON.stringify({ email, status, build: BUILD, messageId: `<${email}>`, response: status === 'sent' ? '250 ok' : '550 no', attempts: 1, at: '2024-03-08T10:00:00.000Z', ...extra });

describe('readWeekLedgers', () => {
  it('honours every ledger of the week, whatever the sharding; sent stays sent', async () => {
    const dir = await fixture({
      'sends.jsonl': [line('a@example.com', 'sent'), line('b@example.com', 'failed')].join('\n') + '\n',
      'sends.shard-1-of-2.jsonl': [line('a@example.com', 'deferred'), line('c@example.com', 'sent')].join('\n') + '\n',
      'sends.shard-3-of-3.jsonl': [line('B@example.com', 'sent'), line('d@example.com', 'unknown')].join('\n') + '\n',
      'sends.lock': '{}',
      'notes.jsonl': line('e@example.com', 'sent') + '\n',
    });
    const view = await readWeekLedgers(dir, 'w');
    expect(view.files).toEqual(['w/sends.jsonl', 'w/sends.shard-1-of-2.jsonl', 'w/sends.shard-3-of-3.jsonl']);
    expect(['a', 'b', 'c', 'd', 'e'].map((who) => view.status(`${who}@example.com`))).toEqual(['sent', 'sent', 'sent', 'unknown', undefined]);
    expect(view.counts).toEqual({ sent: 3, failed: 0, deferred: 0, unknown: 1 });
    expect([...view.unknowns.keys()]).toEqual(['d@example.com']);
    expect(view.failures.size).toBe(0);
    expect([...view.builds]).toEqual([BUILD]);
  });

  it('reports lines that are not records by number, and salvages a record cut short', async () => {
    const dir = await fixture({
      'sends.jsonl': [line('a@example.com', 'sent'), 'null', '[1,2]', '{"email":42}', '', line('b@example.com', 'sent'), '{"email":"torn@example.com","status":"se'].join('\n'),
      'sends.shard-1-of-2.jsonl': `${line('c@example.com', 'failed')}\n{"email":"cut@example.com","status":"sent","build":"${BUILD}","mess\n`,
    });
    const view = await readWeekLedgers(dir, 'w');
    expect(view.problems).toEqual([
      'w/sends.jsonl:2: not a ledger record, ignored',
      'w/sends.jsonl:3: not a ledger record, ignored',
      'w/sends.jsonl:4: not a ledger record, ignored',
      'w/sends.jsonl:7: a record cut short (a crash or a full disk?): torn@example.com counted as unknown',
      'w/sends.shard-1-of-2.jsonl:2: a record cut short (a crash or a full disk?): cut@example.com counted as sent',
    ]);
    expect(view.status('torn@example.com')).toBe('unknown');
    expect(view.status('cut@example.com')).toBe('sent');
    expect(view.counts).toEqual({ sent: 3, failed: 1, deferred: 0, unknown: 1 });
  });

  it('finds nothing in a week folder that does not exist', async () => {
    const view = await readWeekLedgers(path.join(await fixture({}), 'missing'), 'missing');
    expect(view.files).toEqual([]);
    expect(view.status('a@example.com')).toBeUndefined();
  });
});

describe('LedgerWriter', () => {
  it('starts with a newline after a torn last line, so no record is glued to it', async () => {
    const dir = await fixture({ 'sends.jsonl': `${line('a@example.com', 'sent')}\n{"email":"torn@exa` });
    const file = path.join(dir, 'sends.jsonl');
    const writer = await LedgerWriter.open(file, 'sends.jsonl');
    await writer.record(JSON.parse(line('b@example.com', 'sent')));
    await writer.record(JSON.parse(line('c@example.com', 'sent')));
    await writer.close();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('{"email":"torn@exa');
    expect(JSON.parse(lines[2]!).email).toBe('b@example.com');
    const view = await readWeekLedgers(dir, '.');
    // Cut inside the address: nothing to salvage, but reported, and the records after it are intact.
    expect(['a', 'b', 'c'].map((who) => view.status(`${who}@example.com`))).toEqual(['sent', 'sent', 'sent']);
    expect(view.problems).toEqual(['sends.jsonl:2: not a ledger record, ignored']);
  });

  it('does not add a newline to a file that ends well', async () => {
    const dir = await fixture({ 'sends.jsonl': `${line('a@example.com', 'sent')}\n` });
    const writer = await LedgerWriter.open(path.join(dir, 'sends.jsonl'), 'sends.jsonl');
    await writer.record(JSON.parse(line('b@example.com', 'sent')));
    await writer.close();
    expect((await readFile(path.join(dir, 'sends.jsonl'), 'utf8')).split('\n')).toHaveLength(3);
  });

  it.runIf(existsSync('/dev/full'))('turns a full disk into an error naming the ledger, and stays broken', async () => {
    const writer = await LedgerWriter.open('/dev/full', 'digests/2024-W10/sends.jsonl');
    const first = writer.record(JSON.parse(line('a@example.com', 'sent')));
    await expect(first).rejects.toBeInstanceOf(UserError);
    await expect(first).rejects.toThrow('digests/2024-W10/sends.jsonl: cannot write the send ledger (ENOSPC: no space left on the disk)');
    await expect(writer.record(JSON.parse(line('b@example.com', 'sent')))).rejects.toThrow(/ENOSPC/);
    await writer.close();
  });

  it('names the ledger when it cannot be opened', async () => {
    const dir = await fixture({});
    await expect(LedgerWriter.open(path.join(dir, 'missing', 'sends.jsonl'), 'missing/sends.jsonl')).rejects.toThrow(/^missing\/sends.jsonl: cannot write the send ledger \(ENOENT/);
    await writeFile(path.join(dir, 'x'), '');
  });
});
