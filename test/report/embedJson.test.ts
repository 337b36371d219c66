import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogram } from '../../src/report/buildReportData.js';
import { embedJson, escapeHtml } from '../../src/report/embedJson.js';

describe('embedJson', () => {
  it('cannot close the script element or open a comment, whatever the data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, id) => {
        const text = embedJson({ value, id: `</script><!--${id}` });
        expect(text).not.toMatch(/[<>&]/);
        expect(JSON.parse(text)).toEqual(
          JSON.parse(JSON.stringify({ value, id: `</script><!--${id}` })),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml('<b>"Tom & Jerry\'s"</b>')).toBe(
      '&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;',
    );
  });
});

describe('histogram', () => {
  it('counts every value once, in ascending equal-width bins', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 200 }),
        (values) => {
          const { edges, counts } = histogram(values, 20);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(values.length);
          expect(edges).toHaveLength(counts.length + 1);
          for (let i = 1; i < edges.length; i++)
            expect(edges[i]).toBeGreaterThan(edges[i - 1] as number);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('bins probabilities in steps of 5 % up to 1', () => {
    const { edges, counts } = histogram([0, 0.04, 0.05, 0.99, 1], 20, 1);
    expect(edges).toHaveLength(21);
    expect(edges[1]).toBe(0.05);
    expect(counts[0]).toBe(2);
    expect(counts[1]).toBe(1);
    expect(counts[19]).toBe(2);
  });
});
