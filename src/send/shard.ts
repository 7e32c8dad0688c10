import { createHash } from 'node:crypto';
import { UsageError } from '../shared/errors.js';

export interface Shard {
  index: number;
  count: number;
}

/** More parts than any CI matrix runs; beyond it a typo (or an overflow) would select nobody. */
export const MAX_SHARDS = 1000;

/** Parses `--shard I/N` (1 <= I <= N <= 1000). */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(`--shard "${text}": expected I/N with 1 <= I <= N <= ${MAX_SHARDS}, e.g. 2/4`);
  }
  return { index, count };
}

/** A stable hash partition of addresses, so every job of N sees the same split on every re-run. */
export function inShard(key: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count === 1) return true;
  return createHash('sha256').update(key).digest().readUInt32BE(0) % shard.count === shard.index - 1;
}
