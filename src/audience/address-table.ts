import { hash } from 'node:crypto';

const EMPTY = 0;
const MAX_LOAD = 0.6;

/**
 * A set of addresses, each with a small state (1 to 255), kept as 64-bit fingerprints in typed
 * arrays: about 15 bytes per address instead of the ~150 a Map of strings takes, so a list of
 * millions fits in a few tens of megabytes. The fingerprint is a SHA-256 prefix, which a
 * subscriber cannot steer into another's (a chance collision among 100 million addresses is
 * about 1 in 3,700).
 */
export class AddressTable {
  private high: Uint32Array;
  private low: Uint32Array;
  private states: Uint8Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 1024;
    while (capacity * MAX_LOAD < initialCapacity) capacity *= 2;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.states = new Uint8Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The state stored for `key`, or 0 when it is absent. */
  get(key: string): number {
    const [high, low] = fingerprint(key);
    return this.states[this.slot(high, low)]!;
  }

  has(key: string): boolean {
    return this.get(key) !== EMPTY;
  }

  /**
   * Sets the state of `key` to `next(previous)` (previous is 0 when the key is new; returning it
   * unchanged stores nothing), hashing the key once. Returns the previous state.
   */
  update(key: string, next: (previous: number) => number): number {
    const [high, low] = fingerprint(key);
    const slot = this.slot(high, low);
    const previous = this.states[slot]!;
    const state = next(previous);
    if (state === previous) return previous;
    if (state < 1 || state > 255) throw new RangeError(`state ${state} is outside 1..255`);
    if (previous === EMPTY) {
      this.high[slot] = high;
      this.low[slot] = low;
      this.count++;
    }
    this.states[slot] = state;
    if (this.count > this.states.length * MAX_LOAD) this.grow();
    return previous;
  }

  /** Stores a state (1 to 255) and returns the previous one (0 when the key is new). */
  set(key: string, state: number): number {
    if (state < 1 || state > 255) throw new RangeError(`state ${state} is outside 1..255`);
    return this.update(key, () => state);
  }

  /** Adds `key` with state 1 if absent; true when it was new. */
  add(key: string): boolean {
    return this.update(key, (previous) => previous || 1) === EMPTY;
  }

  /** The slot holding this fingerprint, or the empty slot where it would go (linear probing). */
  private slot(high: number, low: number): number {
    const mask = this.states.length - 1;
    let slot = low & mask;
    while (this.states[slot] !== EMPTY && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, states } = this;
    this.high = new Uint32Array(states.length * 2);
    this.low = new Uint32Array(states.length * 2);
    this.states = new Uint8Array(states.length * 2);
    for (let i = 0; i < states.length; i++) {
      if (states[i] === EMPTY) continue;
      const slot = this.slot(high[i]!, low[i]!);
      this.high[slot] = high[i]!;
      this.low[slot] = low[i]!;
      this.states[slot] = states[i]!;
    }
  }
}

function fingerprint(key: string): [number, number] {
  const digest = hash('sha256', key, 'buffer') as unknown as Buffer;
  return [digest.readUInt32LE(0), digest.readUInt32LE(4)];
}
