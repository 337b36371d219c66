import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, splitFields, WHITESPACE } from '../../src/import/splitFields.js';

describe('detectDelimiter', () => {
  it('picks the most frequent separator outside quotes', () => {
    expect(detectDelimiter('masterid,sampleid,date,cds,sales')).toBe(',');
    expect(detectDelimiter('a;b;"c,d,e";f')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
  });

  it('falls back to whitespace for space-aligned files, and to comma for one column', () => {
    expect(detectDelimiter(' 00004 0001 19970101  2   29.33')).toBe(WHITESPACE);
    expect(detectDelimiter('customer')).toBe(',');
  });
});

describe('splitFields', () => {
  it('splits whitespace-aligned rows on runs of spaces, ignoring leading blanks', () => {
    expect(splitFields(' 00004 0001 19970101  2   29.33', WHITESPACE)).toEqual([
      '00004',
      '0001',
      '19970101',
      '2',
      '29.33',
    ]);
  });

  it('keeps separators, doubled quotes and line breaks inside quoted fields', () => {
    expect(splitFields('c1,"Smith, J.","said ""hi""\nthen left",3', ',')).toEqual([
      'c1',
      'Smith, J.',
      'said "hi"\nthen left',
      '3',
    ]);
  });

  it('trims unquoted fields and keeps empty ones', () => {
    expect(splitFields(' a , ,b,', ',')).toEqual(['a', '', 'b', '']);
  });

  it('says a record is incomplete while a quote is open', () => {
    expect(splitFields('c1,"open', ',')).toBeUndefined();
  });

  it('keeps text after a closing quote, or with strictQuotes refuses the record', () => {
    expect(splitFields('c1,"12" vinyl,3', ',')).toEqual(['c1', '12vinyl', '3']);
    expect(splitFields('c1,"12 vinyl\nc2,"gift",3', ',', true)).toBeNull();
    expect(splitFields('c1,"a\n""b"", c",3', ',', true)).toEqual(['c1', 'a\n"b", c', '3']);
  });

  it('round-trips any fields written in RFC 4180 style', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', 'x', '1') });
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
        const line = fields.map((value) => `"${value.replaceAll('"', '""')}"`).join(',');
        expect(splitFields(line, ',')).toEqual(fields);
      }),
      { numRuns: 200 },
    );
  });
});
