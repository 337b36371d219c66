import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import type { Projection } from '../../src/projection/Projection.js';
import { checkHoldout } from '../../src/valuation/checkHoldout.js';
import { customerEquity } from '../../src/valuation/customerEquity.js';
import { findNonFinite } from './findNonFinite.js';
import { type PlausibleLog, plausibleLogArbitrary } from './plausibleLogArbitrary.js';

const lifecycle = createLifecycle();
const YEAR = 365.25 * 86_400_000;

async function stored(log: PlausibleLog): Promise<StoredEvent[]> {
  const memory = createMemoryLog();
  await memory.append(log.events);
  const events: StoredEvent[] = [];
  for await (const event of memory.read()) events.push(event);
  return events;
}

/** Every churn risk and P(alive) is a probability; every value is finite. */
function expectSoundValues(projection: Projection): void {
  expect(findNonFinite(projection)).toEqual([]);
  for (const customer of projection.customers) {
    for (const probability of [customer.churnRisk?.probability, customer.pAlive]) {
      if (probability === undefined) continue;
      expect(probability).toBeGreaterThanOrEqual(0);
      expect(probability).toBeLessThanOrEqual(1);
    }
    if (customer.clv !== undefined) {
      expect(customer.clv.residual).toBeGreaterThanOrEqual(0);
      expect(customer.clv.total).toBeCloseTo(customer.clv.historical + customer.clv.residual);
    }
    if (customer.expectedPurchases !== undefined)
      expect(customer.expectedPurchases).toBeGreaterThanOrEqual(0);
  }
}

describe('fuzz: projecting plausible logs with churn risk and lifetime value', () => {
  it('gives finite values, probabilities in [0, 1] and a finite customer equity (BG/NBD)', async () => {
    await fc.assert(
      fc.asyncProperty(plausibleLogArbitrary(), async (log) => {
        const events = await stored(log);
        const projection = lifecycle.projectEvents(events, {
          ...(log.asOf === undefined ? {} : { asOf: log.asOf }),
          churn: true,
          clv: true,
        });
        expectSoundValues(projection);
        expect(findNonFinite(customerEquity(projection))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('gives finite values with Pareto/NBD in days', async () => {
    await fc.assert(
      fc.asyncProperty(plausibleLogArbitrary(), async (log) => {
        const events = await stored(log);
        const choice = { model: 'pareto-nbd', unit: 'day' } as const;
        const projection = lifecycle.projectEvents(events, {
          ...(log.asOf === undefined ? {} : { asOf: log.asOf }),
          churn: choice,
          clv: choice,
        });
        expectSoundValues(projection);
      }),
      { numRuns: 6 },
    );
  });

  it('checks a holdout with finite numbers, or rejects the dates with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(plausibleLogArbitrary(), async (log) => {
        const events = await stored(log);
        const times = events.map((event) => event.at);
        const first = Math.min(...times);
        const last = Math.max(...times);
        const calibrationEnd = Math.round(first + (last - first) / 2);
        try {
          const check = checkHoldout(events, {
            calibrationEnd,
            holdoutEnd: Math.max(last, calibrationEnd + YEAR / 12),
          });
          expect(findNonFinite(check)).toEqual([]);
        } catch (error) {
          // No purchase before the calibration end, or purchases in several currencies.
          expect(isTenureError(error, 'TENURE_INVALID_MODEL_INPUT'), String(error)).toBe(true);
          expect((error as Error).message).toMatch(/purchases on or before|currency/);
        }
      }),
      { numRuns: 12 },
    );
  });
});
