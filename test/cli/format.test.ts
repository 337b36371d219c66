import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatDay,
  formatEstimate,
  formatPercent,
} from '../../src/cli/format/formatNumbers.js';
import { formatTable } from '../../src/cli/format/formatTable.js';
import { toCsv } from '../../src/cli/format/toCsv.js';

/** A minimal RFC 4180 reader, to check that toCsv round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  return rows;
}

/** Table cells as a CLI prints them: ids, stages, numbers. */
const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '7', '.', ',', '-', '_'), maxLength: 12 });

describe('formatTable', () => {
  it('aligns every column under its header, numbers to the right', () => {
    expect(
      formatTable(
        [{ header: 'stage' }, { header: 'people', align: 'right' }],
        [
          ['lead', '1,204'],
          ['new customer', '7'],
        ],
      ),
    ).toEqual([
      'stage         people',
      '------------  ------',
      'lead           1,204',
      'new customer       7',
    ]);
  });

  it('cuts cells at maxWidth and shows control characters escaped', () => {
    const [, , row] = formatTable(
      [{ header: 'id', maxWidth: 6 }, { header: 'x' }],
      [['abcdefghij', 'a\nb']],
    );
    expect(row).toBe('abcde…  a\\nb');
  });

  it('lays out 200,000 rows (a customer base) without overflowing the call stack', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [`cust-${i}`, String(i % 7)]);
    const lines = formatTable([{ header: 'customer' }, { header: 'n', align: 'right' }], rows);
    expect(lines).toHaveLength(200_002);
    expect(lines[1]).toBe('-----------  -');
    expect(lines[200_001]).toBe('cust-199999  2');
  });

  it('ends every right-aligned value where the rule ends', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { maxLength: 8 }), (rows) => {
        const lines = formatTable([{ header: 'a' }, { header: 'b', align: 'right' }], rows);
        // Right-aligned last column: every line with a value there ends where the rule ends.
        const rule = lines[1] as string;
        rows.forEach(([, b], i) => {
          if (b !== '') expect(lines[i + 2]).toHaveLength(rule.length);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks, and leaves unknowns empty', () => {
    expect(toCsv(['id', 'clv', 'band'], [['c "1", x', 12.5, undefined]])).toBe(
      'id,clv,band\n"c ""1"", x",12.5,\n',
    );
  });

  it('round-trips any strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 6 }),
        (rows) => {
          expect(parseCsv(toCsv(['a', 'b'], rows))).toEqual([['a', 'b'], ...rows]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('number formats', () => {
  it('formats amounts, shares, days and estimates, with - for unknowns', () => {
    expect(formatAmount(1234.5)).toBe('1,234.50');
    expect(formatPercent(0.4213)).toBe('42.1 %');
    expect(formatPercent(null)).toBe('-');
    expect(formatDay(Date.UTC(2024, 11, 31, 15))).toBe('2024-12-31');
    expect(formatEstimate(0.242593)).toBe('0.2426');
    expect(formatEstimate(Number.NaN)).toBe('-');
  });
});
