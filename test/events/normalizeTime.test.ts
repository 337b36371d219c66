import { describe, expect, it } from 'vitest';
import { formatTime, normalizeTime } from '../../src/events/normalizeTime.js';

describe('normalizeTime', () => {
  it('reads a plain date as UTC midnight', () => {
    expect(normalizeTime('1997-01-01')).toBe(Date.UTC(1997, 0, 1));
  });

  it('reads ISO-8601 times with a zone, Z or offset', () => {
    expect(normalizeTime('2024-05-01T12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(normalizeTime('2024-05-01T12:00:00.250+02:00')).toBe(
      Date.UTC(2024, 4, 1, 10, 0, 0, 250),
    );
    expect(normalizeTime('2024-05-01T12:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
  });

  it('reads a "t" and "z" in lower case, as RFC 3339 allows', () => {
    expect(normalizeTime('2024-05-01t12:00:00z')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(normalizeTime('2024-05-01T12:00:00.5z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 500));
  });

  it('reads an offset of hours alone, as PostgreSQL writes a timestamptz', () => {
    expect(normalizeTime('2024-03-05 14:22:10.123+01')).toBe(Date.UTC(2024, 2, 5, 13, 22, 10, 123));
    expect(normalizeTime('2024-05-01T12:00:00-05')).toBe(Date.UTC(2024, 4, 1, 17));
  });

  it('takes integer epoch milliseconds and Dates as they are', () => {
    expect(normalizeTime(0)).toBe(0);
    expect(normalizeTime(-86_400_000)).toBe(-86_400_000);
    expect(normalizeTime(new Date(Date.UTC(2020, 1, 29)))).toBe(Date.UTC(2020, 1, 29));
  });

  it.each([
    ['a local time without a zone (machine-dependent)', '2024-05-01T12:00:00'],
    ['an impossible date', '2023-02-29'],
    ['an impossible time', '2024-05-01T24:00:00Z'],
    ['free text', 'yesterday'],
    ['a fractional millisecond', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an invalid Date', new Date(Number.NaN)],
    ['null', null],
    ['a very long string', `2024-05-01${' '.repeat(100)}`],
  ])('rejects %s', (_, value) => {
    expect(normalizeTime(value)).toBeUndefined();
  });

  it('round-trips through formatTime', () => {
    const time = Date.UTC(2001, 8, 9, 1, 46, 40);
    expect(normalizeTime(formatTime(time))).toBe(time);
  });
});
