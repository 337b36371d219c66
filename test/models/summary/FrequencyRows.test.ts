import { describe, expect, it } from 'vitest';
import { groupFrequencyRows, toFrequencyRows } from '../../../src/models/summary/FrequencyRows.js';

describe('groupFrequencyRows', () => {
  it('adds up the weights of identical rows and sorts by x', () => {
    const rows = groupFrequencyRows([
      { x: 3, tx: 20, T: 30 },
      { x: 0, tx: 0, T: 30, weight: 5 },
      { x: 3, tx: 20, T: 30 },
    ]);
    expect([...rows.x]).toEqual([0, 3]);
    expect([...rows.weight]).toEqual([5, 2]);
    expect(rows.customers).toBe(7);
  });

  it.each([
    [{ x: -1, tx: 0, T: 1 }, 'rows.1.x must be an integer >= 0 (repeat purchases), received -1.'],
    [{ x: 1.5, tx: 0, T: 1 }, 'rows.1.x must be an integer >= 0 (repeat purchases), received 1.5.'],
    [{ x: 1, tx: 2, T: 1 }, 'rows.1.tx must be a number from 0 to T = 1, received 2.'],
    [{ x: 1, tx: 1, T: Number.NaN }, 'rows.1.T must be a finite number >= 0, received NaN.'],
    [{ x: 1, tx: 1, T: 2, weight: 0 }, 'rows.1.weight must be a number > 0, received 0.'],
  ])('rejects %o with a message naming the field, expected and received value', (row, message) => {
    const rows = [{ x: 0, tx: 0, T: 1 }, row];
    expect(() => groupFrequencyRows(rows)).toThrow(`groupFrequencyRows: ${message}`);
    expect(() => groupFrequencyRows(rows, 'fitBgNbd')).toThrow(`fitBgNbd: ${message}`);
  });
});

describe('toFrequencyRows', () => {
  it('passes grouped rows through and groups plain rows', () => {
    const rows = groupFrequencyRows([{ x: 1, tx: 1, T: 2 }]);
    expect(toFrequencyRows(rows)).toBe(rows);
    expect(toFrequencyRows({ rows })).toBe(rows);
    expect(toFrequencyRows([{ x: 1, tx: 1, T: 2 }]).length).toBe(1);
  });
});
