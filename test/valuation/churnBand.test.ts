import { describe, expect, it } from 'vitest';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { churnBand } from '../../src/valuation/CustomerValuation.js';
import { valueProjection } from '../../src/valuation/valueProjection.js';
import { toStored } from './support.js';

describe('churnBand', () => {
  it("bands by the churn option's default thresholds (medium 0.3, high 0.7) when given none", () => {
    expect([0, 0.29, 0.3, 0.69, 0.7, 1].map((p) => churnBand(p))).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
    expect(churnBand(0.42, { medium: 0.5, high: 0.9 })).toBe('low');
  });

  it.each([Number.NaN, -0.1, 1.5, '0.5'])(
    'refuses %s, which is no probability, instead of calling it low or high',
    (probability) => {
      expect(() => churnBand(probability as number)).toThrow(
        expect.objectContaining({
          code: 'TENURE_INVALID_MODEL_INPUT',
          message: expect.stringMatching(
            /^churnBand: probability must be a number in \[0, 1\], received /,
          ),
        }),
      );
    },
  );

  it('refuses thresholds out of order, as the churn option does', () => {
    expect(() => churnBand(0.5, { medium: 0.8, high: 0.2 })).toThrow(
      'churnBand: bands must be thresholds with 0 < medium < high < 1, received {"medium":0.8,"high":0.2}.',
    );
  });
});

describe('valueProjection', () => {
  it('without options says what they are, instead of a TypeError', () => {
    const events = toStored([
      {
        id: 'p1',
        type: 'purchase',
        customerId: 'a',
        at: Date.parse('2024-01-01T00:00:00Z'),
        data: { orderId: 'o1', amount: 20, currency: 'USD' },
      },
    ]);
    const projection = createLifecycle().projectEvents(events, { asOf: '2024-06-30' });
    expect(() => valueProjection(projection, events, undefined as never)).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_MODEL_INPUT',
        message:
          'valueProjection: options must be an object saying what to add, e.g. { churn: true, clv: { margin: 0.3 } }, received undefined.',
      }),
    );
  });
});
