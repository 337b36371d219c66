import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringColumn } from '../../../src/models/summary/StringColumn.js';

describe('StringColumn', () => {
  it('gives back every string pushed, by position, whatever its characters', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 60 }),
        (values) => {
          const column = new StringColumn();
          for (const value of values) column.push(value);
          expect(column.length).toBe(values.length);
          values.forEach((value, i) => {
            expect(column.at(i)).toBe(value);
            expect(column.equals(i, value)).toBe(true);
            expect(column.equals(i, `${value}x`)).toBe(false);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps Latin-1 strings pushed before the first wider character', () => {
    const column = new StringColumn();
    column.push('café');
    column.push('日本');
    column.push('');
    expect([column.at(0), column.at(1), column.at(2)]).toEqual(['café', '日本', '']);
  });

  it('holds long strings and many of them', () => {
    const column = new StringColumn();
    const long = 'x'.repeat(10_000);
    column.push(long);
    for (let i = 0; i < 5000; i++) column.push(`e${i}`);
    expect(column.at(0)).toBe(long);
    expect(column.at(5000)).toBe('e4999');
    expect(column.equals(1, 'e0')).toBe(true);
    expect(column.equals(1, 'e1')).toBe(false);
  });
});
