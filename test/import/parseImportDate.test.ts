import { describe, expect, it } from 'vitest';
import { parseImportDate } from '../../src/import/parseImportDate.js';

const JAN_1_1997 = Date.UTC(1997, 0, 1);

describe('parseImportDate', () => {
  it('reads YYYYMMDD, ISO dates, epoch seconds and epoch milliseconds in auto mode', () => {
    expect(parseImportDate('19970101', 'auto')).toEqual({ ok: true, at: JAN_1_1997 });
    expect(parseImportDate('1997-01-01', 'auto')).toEqual({ ok: true, at: JAN_1_1997 });
    expect(parseImportDate('852076800', 'auto')).toEqual({ ok: true, at: JAN_1_1997 });
    expect(parseImportDate('852076800000', 'auto')).toEqual({ ok: true, at: JAN_1_1997 });
    expect(parseImportDate(852076800, 'auto')).toEqual({ ok: true, at: JAN_1_1997 });
    expect(parseImportDate('1997-01-01T02:00:00+02:00', 'auto')).toEqual({
      ok: true,
      at: JAN_1_1997,
    });
  });

  it('honours an explicit format', () => {
    expect(parseImportDate('852076800', 'epoch-s')).toEqual({ ok: true, at: JAN_1_1997 });
    expect(parseImportDate('852076800', 'epoch-ms')).toEqual({ ok: true, at: 852076800 });
    expect(parseImportDate('1997-01-01', 'yyyymmdd').ok).toBe(false);
  });

  it('rejects impossible calendar dates with the value in the reason', () => {
    const result = parseImportDate('19970230', 'yyyymmdd');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('"19970230"') });
  });

  it('rejects local date-times unless told they are UTC', () => {
    const local = parseImportDate('1997-01-01 10:00', 'iso');
    expect(local.ok).toBe(false);
    if (!local.ok) expect(local.reason).toMatch(/no time zone.*--utc/);
    expect(parseImportDate('1997-01-01 10:00', 'iso', true)).toEqual({
      ok: true,
      at: JAN_1_1997 + 10 * 3600_000,
    });
  });

  it('explains what it expected for garbage', () => {
    const result = parseImportDate('yesterday', 'auto');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/ISO-8601.*"yesterday"/);
  });
});
