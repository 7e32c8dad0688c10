import { describe, expect, it } from 'vitest';
import { AddressTable } from '../../../src/audience/address-table.js';

describe('AddressTable', () => {
  it('keeps a state per address through growth', () => {
    const table = new AddressTable();
    for (let i = 0; i < 50_000; i++) table.set(`r${i}@example.com`, (i % 4) + 1);
    expect(table.size).toBe(50_000);
    expect(table.get('r123@example.com')).toBe(4);
    expect(table.get('r49999@example.com')).toBe(4);
    expect(table.get('nobody@example.com')).toBe(0);
    expect(table.set('r1@example.com', 7)).toBe(2);
    expect(table.get('r1@example.com')).toBe(7);
    expect(table.size).toBe(50_000);
    expect(table.add('r1@example.com')).toBe(false);
    expect(table.add('new@example.com')).toBe(true);
    expect(() => table.set('x@example.com', 0)).toThrow(RangeError);
  });
});
