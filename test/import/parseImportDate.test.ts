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

  it('says an ISO-8601 date that is no day of the calendar is that, not another format', () => {
    for (const value of ['2024-02-30', '2024-13-01', '2024-02-30T10:00:00Z']) {
      expect(parseImportDate(value, 'auto')).toEqual({
        ok: false,
        reason: expect.stringMatching(/^".*" is not a calendar date \(YYYY-MM-DD\)$/),
      });
    }
  });

  it('rejects days written with slashes or dots, saying why they are not guessed', () => {
    for (const value of ['03/04/2024', '21/03/2024', '3.4.2024', '04-03-2024', '3/4/24']) {
      const result = parseImportDate(value, 'auto');
      expect(result).toEqual({
        ok: false,
        reason: expect.stringMatching(/March or April.*convert the dates to ISO-8601/),
      });
    }
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

  it('reads a zone written after a space, as Shopify ("+0100") and BigQuery (" UTC") export them', () => {
    // Shopify orders export, Created at: 14:22:10 in UTC+1 is 13:22:10 UTC.
    expect(parseImportDate('2024-03-05 14:22:10 +0100', 'auto')).toEqual({
      ok: true,
      at: Date.UTC(2024, 2, 5, 13, 22, 10),
    });
    expect(parseImportDate('2024-03-31 23:29:00 -07:00', 'iso')).toEqual({
      ok: true,
      at: Date.UTC(2024, 3, 1, 6, 29),
    });
    expect(parseImportDate('2024-03-05 14:22:10.123456 UTC', 'auto')).toEqual({
      ok: true,
      at: Date.UTC(2024, 2, 5, 14, 22, 10, 123),
    });
    expect(parseImportDate('2024-03-05T14:22:10 Z', 'iso')).toEqual({
      ok: true,
      at: Date.UTC(2024, 2, 5, 14, 22, 10),
    });
    // A date without a time, or a zone that is not an offset, is still not guessed.
    expect(parseImportDate('2024-03-05 +0100', 'auto').ok).toBe(false);
    expect(parseImportDate('2024-03-05 14:22:10 PST', 'auto').ok).toBe(false);
  });

  it('reads a number in auto mode only when its digits say what it is, as documented', () => {
    // 1 to 7 digits: an Excel serial day (45356 is 2024-03-05), a year; were read as 1970 seconds.
    for (const value of ['45356', '2024', 45356]) {
      const result = parseImportDate(value, 'auto');
      expect(result).toEqual({
        ok: false,
        reason: expect.stringMatching(/8 digits.*9 to 11.*12 or 13.*received/),
      });
      if (!result.ok) expect(result.reason).toContain(String(value));
    }
    // 14 and more: YYYYMMDDhhmmss, epoch microseconds; were read as milliseconds (year 2611, 56147).
    for (const value of ['20240305142210', '1709648530123456', 1709648530123456]) {
      const result = parseImportDate(value, 'auto');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/--date-format/);
    }
    // Negative epoch seconds (before 1970) keep their reading; named formats are not second-guessed.
    expect(parseImportDate('-852076800', 'auto')).toEqual({ ok: true, at: -852076800_000 });
    expect(parseImportDate('45356', 'epoch-s')).toEqual({ ok: true, at: 45356_000 });
    expect(parseImportDate('1709648530123456', 'epoch-ms').ok).toBe(true);
  });

  it('reads a zone of hours alone, as PostgreSQL writes timestamptz ("+01")', () => {
    expect(parseImportDate('2024-03-05 14:22:10.123+01', 'auto')).toEqual({
      ok: true,
      at: Date.UTC(2024, 2, 5, 13, 22, 10, 123),
    });
    expect(parseImportDate('2024-03-05T14:22:10-05', 'iso')).toEqual({
      ok: true,
      at: Date.UTC(2024, 2, 5, 19, 22, 10),
    });
    expect(parseImportDate('2024-03-05 14:22:10 +01', 'auto').ok).toBe(true);
    // Three digits are no zone.
    expect(parseImportDate('2024-03-05T14:22:10+011', 'auto').ok).toBe(false);
  });

  it('reads epoch seconds with a fraction written as text, as it reads them as JSON numbers', () => {
    // pandas and Spark export float seconds; the JSON number 1709648530.5 was read, the text not.
    expect(parseImportDate('1709648530.5', 'auto')).toEqual({ ok: true, at: 1709648530_500 });
    expect(parseImportDate('1709648530.25', 'epoch-s')).toEqual({ ok: true, at: 1709648530_250 });
    expect(parseImportDate('1709648530123.4', 'epoch-ms')).toEqual({ ok: true, at: 1709648530123 });
    expect(parseImportDate(1709648530.5, 'auto')).toEqual({ ok: true, at: 1709648530_500 });
    // A calendar date with a fraction is no date.
    expect(parseImportDate('20240305.5', 'auto').ok).toBe(false);
  });

  it('explains what it expected for garbage', () => {
    const result = parseImportDate('yesterday', 'auto');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/ISO-8601.*"yesterday"/);
  });
});
