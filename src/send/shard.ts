import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

export interface Shard {
  index: number;
  count: number;
}

/** Parses `--shard I/N` (1 <= I <= N). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard "${text}": expected I/N with 1 <= I <= N, e.g. 2/4`);
  }
  return { index, count };
}

/** A stable hash partition of addresses, so every job of N sees the same split on every re-run. */
export function inShard(key: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count === 1) return true;
  return createHash('sha256').update(key).digest().readUInt32BE(0) % shard.count === shard.index - 1;
}

export function shardSuffix(shard: Shard | undefined): string {
  return shard && shard.count > 1 ? `.shard-${shard.index}-of-${shard.count}` : '';
}
