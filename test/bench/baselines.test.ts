import { describe, expect, it } from 'vitest';
import {
  generateHistories,
  handTransition,
  handWakeAt,
  withClocks,
} from '../../bench/machines.bench.js';
import { reduceDefaultLifecycle } from '../../bench/projection.handReducer.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { compileLifecycle, defaultLifecycle, defaultStageOf } from '../../src/machines/index.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

// The benchmarks' speed ratios compare the engine with hand-written reducers of the default
// lifecycle. A reducer that no longer computes what the machines do makes every ratio mean
// nothing (and the machines bench refuses to run), so a change to the machines' logic must
// change the reducers with it: these tests say so in the suite, not weeks later in a bench run.
describe('the benchmarks compare the engine with reducers of the same lifecycle', () => {
  it("machines bench: the hand-written switch ends every customer in the compiled lifecycle's state", () => {
    const lifecycle = compileLifecycle(defaultLifecycle);
    const streams = withClocks(generateHistories(2_000, 20_261_123), Date.UTC(2027, 0, 1));
    const disagreeing: number[] = [];
    streams.forEach((stream, index) => {
      let compiled = lifecycle.initial();
      let hand = compiled;
      for (const event of stream) {
        compiled = lifecycle.transition(compiled, event);
        hand = handTransition(hand, event as Parameters<typeof handTransition>[1]);
      }
      const same =
        JSON.stringify(hand) === JSON.stringify(compiled) &&
        defaultStageOf(hand) === lifecycle.stageOf(compiled) &&
        handWakeAt(hand) === lifecycle.wakeAt(compiled);
      if (!same) disagreeing.push(index);
    });
    expect(disagreeing).toEqual([]);
  });

  it("projection bench: the hand-written reducer returns the engine's customers, field by field", async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 7, customers: 3_000 })]);
    const stored: StoredEvent[] = [];
    for await (const event of log.read()) stored.push(event);
    const asOf = stored.reduce((latest, event) => Math.max(latest, event.at), 0);

    const engine = createLifecycle().projectEvents(stored, { asOf }).customers;
    const reduced = reduceDefaultLifecycle(stored, asOf);

    expect(reduced.map((customer) => customer.customerId)).toEqual(
      engine.map((customer) => customer.customerId),
    );
    const disagreeing = reduced.filter(
      (customer, index) => JSON.stringify(customer) !== JSON.stringify(engine[index]),
    );
    expect(disagreeing.map((customer) => customer.customerId)).toEqual([]);
  });
});
