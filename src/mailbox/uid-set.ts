/**
 * UIDs as IMAP sequence sets (`3:7,9,12:15`), each at most `maxLength` characters: servers limit
 * a command line (Dovecot to 64 KB, RFC 7162 advises 8 KB), and thousands of handled messages
 * must never make one too long.
 */
export function uidSets(uids: Iterable<number>, maxLength = 4000): string[] {
  const sets: string[] = [];
  for (const range of rangesOf(uids).map(formatRange)) {
    const last = sets.at(-1);
    if (last !== undefined && last.length + 1 + range.length <= maxLength) sets[sets.length - 1] = `${last},${range}`;
    else sets.push(range);
  }
  return sets;
}

/** The UIDs as one sequence set, however long (for the mailbox log, not for a command line). */
export function uidSetText(uids: Iterable<number>): string {
  return rangesOf(uids).map(formatRange).join(',');
}

/**
 * A set of UIDs kept as sorted ranges, so a year of messages costs a few numbers when they come
 * in runs, as UIDs do. Built from sequence sets (`1:500,502`); malformed parts are ignored.
 */
export class UidRanges {
  private readonly ranges: Array<[number, number]>;

  constructor(sets: Iterable<string>) {
    const uids: Array<[number, number]> = [];
    for (const set of sets) {
      for (const part of set.split(',')) {
        const match = /^(\d+)(?::(\d+))?$/.exec(part.trim());
        if (!match) continue;
        const [a, b] = [Number(match[1]), Number(match[2] ?? match[1])];
        uids.push([Math.min(a, b), Math.max(a, b)]);
      }
    }
    this.ranges = mergeRanges(uids);
  }

  has(uid: number): boolean {
    let [low, high] = [0, this.ranges.length - 1];
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [start, end] = this.ranges[middle]!;
      if (uid < start) high = middle - 1;
      else if (uid > end) low = middle + 1;
      else return true;
    }
    return false;
  }

  get size(): number {
    return this.ranges.reduce((sum, [start, end]) => sum + end - start + 1, 0);
  }
}

function rangesOf(uids: Iterable<number>): Array<[number, number]> {
  return mergeRanges([...uids].map((uid) => [uid, uid]));
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function formatRange([start, end]: [number, number]): string {
  return start === end ? `${start}` : `${start}:${end}`;
}
