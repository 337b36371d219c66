import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { importEvents } from '../../src/import/importEvents.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { malformedEventArbitrary } from '../../src/testing/eventArbitraries.js';
import { findNonFinite } from './findNonFinite.js';

const lifecycle = createLifecycle();

/** Runs `task`; a rejection must be a TenureError whose message names the problem. */
async function outcome<T>(task: () => Promise<T> | T): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await task() };
  } catch (error) {
    expect(isTenureError(error), `not a TenureError: ${String(error)}`).toBe(true);
    expect((error as Error).message.length).toBeGreaterThan(20);
    return { error };
  }
}

async function _stored(log: EventLog): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of log.read()) out.push(event);
  return out;
}

describe('fuzz: the pipeline never crashes and never prints NaN or Infinity', () => {
  it('import: random and malformed CSV lines are rows rejected with a reason, or typed errors', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('c1', 'purchase', '2024-01-02', '1e308', 'NaN', '-5', '', '"', 'EUR', '12.5'),
    );
    const line = fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(','));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), async (lines) => {
        const text = ['customerId,type,at,amount,currency', ...lines].join('\n');
        await outcome(async () => {
          for await (const batch of importEvents(text, { format: 'csv' })) {
            expect(findNonFinite(batch.events)).toEqual([]);
            for (const row of batch.rejected)
              expect(JSON.stringify(row).length).toBeGreaterThan(10);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('malformed events are rejected by a typed error that names the field, and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(malformedEventArbitrary(), async (event) => {
        const log = createMemoryLog();
        const result = await outcome(() => log.append([event as never]));
        expect(result.error).toBeDefined();
        expect(await log.position()).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('read-only: projections never write to the log', () => {
  it('projects a log whose append throws', async () => {
    const inner = createMemoryLog();
    await inner.append([
      {
        id: 'e1',
        type: 'purchase',
        customerId: 'c1',
        at: '2024-01-01',
        data: { orderId: 'o1', amount: 10, currency: 'EUR' },
      },
      {
        id: 'e2',
        type: 'purchase',
        customerId: 'c1',
        at: '2024-03-01',
        data: { orderId: 'o2', amount: 20, currency: 'EUR' },
      },
      {
        id: 'e3',
        type: 'purchase',
        customerId: 'c2',
        at: '2024-02-01',
        data: { orderId: 'o3', amount: 5, currency: 'EUR' },
      },
    ]);
    const readOnly: EventLog = {
      ...inner,
      read: (options) => inner.read(options),
      append: () => {
        throw new Error('a projection tried to append');
      },
    };
    const projection = await lifecycle.project(readOnly, {
      asOf: '2024-06-01',
      churn: true,
      clv: true,
    });
    expect(projection.customers).toHaveLength(2);
    expect(await inner.position()).toBe(3);
  });
});
