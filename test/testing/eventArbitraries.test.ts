import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTime } from '../../src/events/normalizeTime.js';
import {
  eventDataArbitrary,
  eventTimeArbitrary,
  malformedEventArbitrary,
  validBatchArbitrary,
  validEventArbitrary,
} from '../../src/testing/eventArbitraries.js';

const DAY = 86_400_000;
/** The widest range a time can be written in every form: years 0000 to 9999. */
const ISO_MIN = Date.parse('0000-01-01T00:00:00Z');

describe('eventTimeArbitrary', () => {
  it('draws times in [minTime, maxTime], in whichever form they are written', () => {
    // A range that may hold no UTC midnight (a plain date), or lie beyond the year 9999.
    const ranges = fc
      .tuple(
        fc.integer({ min: -8.64e15, max: 8.64e15 - 400 * DAY }),
        fc.oneof(fc.integer({ min: 0, max: 2 * DAY }), fc.integer({ min: 0, max: 400 * DAY })),
      )
      .map(([minTime, span]) => ({ minTime, maxTime: minTime + span }));
    const cases = fc.oneof(
      ranges,
      fc.constantFrom(
        { minTime: Date.UTC(2024, 0, 1, 12), maxTime: Date.UTC(2024, 0, 3, 12) },
        { minTime: Date.UTC(2024, 0, 1, 1), maxTime: Date.UTC(2024, 0, 1, 23) },
        { minTime: ISO_MIN - DAY, maxTime: ISO_MIN + DAY },
        { minTime: Date.UTC(9999, 11, 31), maxTime: Date.UTC(10000, 0, 2) },
      ),
    );
    fc.assert(
      fc.property(
        cases.chain((range) => eventTimeArbitrary(range).map((at) => ({ ...range, at }))),
        ({ minTime, maxTime, at }) => {
          const time = normalizeTime(at);
          expect(time, `${String(at)} is not a time an append accepts`).toBeDefined();
          expect(time!).toBeGreaterThanOrEqual(minTime);
          expect(time!).toBeLessThanOrEqual(maxTime);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('constraints that cannot be met', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a time range that ends before it starts',
      () => eventTimeArbitrary({ minTime: Date.UTC(2031, 0, 1) }),
      /^eventTimeArbitrary: minTime \(2031-01-01T00:00:00.000Z\) is after maxTime \(2030-01-01T00:00:00.000Z\)/,
    ],
    [
      'a time that is not integer epoch milliseconds',
      () => validEventArbitrary({ maxTime: 1.5 }),
      /^validEventArbitrary: maxTime must be integer epoch milliseconds .*received 1.5/,
    ],
    [
      'no customer ids',
      () => validEventArbitrary({ customerIds: [] }),
      /^validEventArbitrary: customerIds must name at least one customer/,
    ],
    [
      'no event types',
      () => malformedEventArbitrary({ types: [] }),
      /^malformedEventArbitrary: types must name at least one event type/,
    ],
    [
      'a batch length range that ends before it starts',
      () => validBatchArbitrary({ minLength: 5, maxLength: 2 }),
      /^validBatchArbitrary: minLength \(5\) is greater than maxLength \(2\)/,
    ],
    [
      'an event type that is not built in, refused before anything is drawn',
      () => validEventArbitrary({ types: ['purchase', 'order.shipped' as never] }),
      /^validEventArbitrary: types\[1\] is "order.shipped", not a built-in event type; give types of builtInEventTypes/,
    ],
    [
      'a name of Object.prototype as an event type',
      () => eventDataArbitrary('toString' as never),
      /^eventDataArbitrary: "toString" is not a built-in event type/,
    ],
    [
      'an empty customer id, which an append refuses',
      () => validBatchArbitrary({ customerIds: ['c1', ''] }),
      /^validBatchArbitrary: customerIds\[1\] must be a non-empty string of at most 256 characters .*received ""/,
    ],
    [
      'a customer id that is not a string',
      () => malformedEventArbitrary({ customerIds: [42 as never] }),
      /^malformedEventArbitrary: customerIds\[0\] must be a non-empty string .*received 42/,
    ],
    [
      'a customer id longer than an append accepts',
      () => validEventArbitrary({ customerIds: ['x'.repeat(257)] }),
      /^validEventArbitrary: customerIds\[0\] .*received a string of 257 characters/,
    ],
    [
      'a flag that is not a boolean',
      () => eventTimeArbitrary({ mixedTimeFormats: 'no' as never }),
      /^eventTimeArbitrary: mixedTimeFormats must be true or false, received "no"/,
    ],
    [
      'a negative batch length',
      () => validBatchArbitrary({ minLength: -1 }),
      /^validBatchArbitrary: minLength must be an integer >= 0, received -1/,
    ],
  ];
  it.each(cases)(
    '%s is refused with a TypeError naming the API and option',
    (_name, call, message) => {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    },
  );
});
