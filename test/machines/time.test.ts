import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addInterval, DAY_MS, formatStateValue } from '../../src/machines/index.js';

describe('addInterval', () => {
  it('adds calendar months and years in UTC, clamping to the end of shorter months', () => {
    expect(addInterval(Date.UTC(2026, 0, 15), 'month', 1)).toBe(Date.UTC(2026, 1, 15));
    expect(addInterval(Date.UTC(2026, 0, 31), 'month', 1)).toBe(Date.UTC(2026, 1, 28));
    expect(addInterval(Date.UTC(2024, 1, 29), 'year', 1)).toBe(Date.UTC(2025, 1, 28));
    expect(addInterval(Date.UTC(2026, 10, 30, 13, 5), 'month', 3)).toBe(
      Date.UTC(2027, 1, 28, 13, 5),
    );
    expect(addInterval(0, 'week', 2)).toBe(14 * DAY_MS);
    expect(addInterval(0, 'day', 3)).toBe(3 * DAY_MS);
  });

  it('always moves forward, by at least 28 days a month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 1, max: 24 }),
        (at, count) => {
          const next = addInterval(at, 'month', count);
          expect(next - at).toBeGreaterThanOrEqual(28 * DAY_MS * count);
          expect(next - at).toBeLessThanOrEqual(31 * DAY_MS * count);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('formatStateValue', () => {
  it('turns XState values of machines without parallel states into dotted paths', () => {
    expect(formatStateValue('reach')).toBe('reach');
    expect(formatStateValue({ lead: 'open' })).toBe('lead.open');
    expect(formatStateValue({ a: { b: 'c' } })).toBe('a.b.c');
    expect(formatStateValue({})).toBe('');
    expect(() => formatStateValue({ a: 'x', b: 'y' })).toThrow(/without parallel states/);
  });
});
