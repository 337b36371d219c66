import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addInterval, DAY_MS, formatStateValue } from '../../src/machines/index.js';
import { addMonthsByDate } from '../../src/machines/time.js';

describe('addInterval', () => {
  it('ends a term past the last time a Date holds at that time, not at NaN', () => {
    const at = Date.UTC(2024, 0, 1);
    for (const interval of ['day', 'week', 'month', 'year'] as const) {
      expect(addInterval(at, interval, 1e300)).toBe(8.64e15);
    }
    expect(addInterval(at, 'year', 1_000_000)).toBe(8.64e15);
    expect(addInterval(at, 'year', 1000)).toBe(Date.UTC(3024, 0, 1));
  });

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

describe('addInterval month arithmetic', () => {
  const time = fc.oneof(
    fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
    fc.integer({ min: -2.6e14, max: 2.6e14 }),
    fc.constantFrom(0, -1, Date.UTC(2024, 1, 29), Date.UTC(2000, 1, 29, 23, 59, 59, 999)),
    fc.double({ min: -1e15, max: 1e15, noNaN: true }),
    fc.constantFrom(Number.NaN, 8.64e15, -8.64e15, 8.64e15 + 1),
  );
  const count = fc.oneof(
    fc.integer({ min: -30, max: 30 }),
    fc.integer({ min: -13_000, max: 13_000 }),
    fc.double({ min: -50, max: 50, noNaN: true }),
  );

  it('gives exactly what the Date UTC setters give, for any time and count', () => {
    // Past the Date range the setters give NaN; addInterval gives the range's end.
    const inRange = (end: number, months: number) =>
      Math.abs(end) <= 8.64e15 ? end : months >= 0 ? 8.64e15 : -8.64e15;
    fc.assert(
      fc.property(time, count, (at, months) => {
        expect(addInterval(at, 'month', months)).toBe(inRange(addMonthsByDate(at, months), months));
        expect(addInterval(at, 'year', months)).toBe(
          inRange(addMonthsByDate(at, 12 * months), months),
        );
      }),
      { numRuns: 2000 },
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
