// 06 a property-based test of your own lifecycle: tenure/testing generates whole logs of
// plausible customer journeys (leads, purchases, refunds, subscriptions, usage, ...), and
// fast-check checks that your lifecycle keeps its promises on every one of them, shrinking any
// failure to the smallest log that breaks it. In a test suite, call fc.assert inside `it(...)`.
// Run: npx tsx examples/06-property-test-your-lifecycle.ts
import fc from 'fast-check';
import { createLifecycle, createMemoryLog, defineLifecycle, type LifecycleEvent } from 'tenure';
import { lifecycleLogArbitrary } from 'tenure/testing';
import { assign, setup } from 'xstate';

// The lifecycle under test: loyalty tiers by total spend (purchases, in cents).
const cents = (event: LifecycleEvent) =>
  event.type === 'purchase' ? Math.round((event.data as { amount: number }).amount * 100) : 0;
const tierMachine = setup({
  types: { context: {} as { spent: number }, events: {} as LifecycleEvent },
  guards: {
    reachesSilver: ({ context, event }) => context.spent + cents(event) >= 100_00,
    reachesGold: ({ context, event }) => context.spent + cents(event) >= 1_000_00,
  },
  actions: { add: assign({ spent: ({ context, event }) => context.spent + cents(event) }) },
}).createMachine({
  id: 'tier',
  context: { spent: 0 },
  initial: 'bronze',
  states: {
    bronze: {
      on: {
        purchase: [
          { guard: 'reachesGold', target: 'gold', actions: 'add' },
          { guard: 'reachesSilver', target: 'silver', actions: 'add' },
          { actions: 'add' },
        ],
      },
    },
    silver: {
      on: {
        purchase: [{ guard: 'reachesGold', target: 'gold', actions: 'add' }, { actions: 'add' }],
      },
    },
    gold: { on: { purchase: { actions: 'add' } } },
  },
});
const tiers = ['bronze', 'silver', 'gold'];
const lifecycle = createLifecycle({
  definition: defineLifecycle({
    name: 'tiers',
    machines: { tier: tierMachine },
    stages: tiers,
    stageOf: (state) => state.machines.tier?.value ?? 'bronze',
  }),
});

// The specification, written independently of the machine.
const expectedTier = (spentCents: number) =>
  spentCents >= 1_000_00 ? 'gold' : spentCents >= 100_00 ? 'silver' : 'bronze';

// A log and the same events in another order (late events), from one generated journey set.
const logs = lifecycleLogArbitrary({ maxCustomers: 6 }).chain((events) =>
  fc
    .shuffledSubarray(events, { minLength: events.length, maxLength: events.length })
    .map((shuffled) => ({ events, shuffled })),
);

let checked = 0;
await fc.assert(
  fc.asyncProperty(logs, async ({ events, shuffled }) => {
    const inOrder = createMemoryLog();
    await inOrder.append(events);
    const projection = await lifecycle.project(inOrder);
    for (const customer of projection.customers) {
      const spent = events
        .filter((event) => event.customerId === customer.customerId)
        .reduce((sum, event) => sum + cents(event as LifecycleEvent), 0);
      // 1. The tier is the one the spend earns.
      if (customer.stage !== expectedTier(spent)) {
        throw new Error(`${customer.customerId} spent ${spent} cents but is ${customer.stage}`);
      }
      // 2. Tiers never go down.
      const ranks = customer.history.map((entry) => tiers.indexOf(entry.stage));
      if (ranks.some((rank, i) => i > 0 && rank < (ranks[i - 1] ?? 0))) {
        throw new Error(
          `${customer.customerId} went down a tier: ${JSON.stringify(customer.history)}`,
        );
      }
    }
    // 3. The order in which events reach the log does not matter.
    const shuffledLog = createMemoryLog();
    await shuffledLog.append(shuffled);
    const again = await lifecycle.project(shuffledLog);
    const stages = (p: typeof projection) => p.customers.map((c) => `${c.customerId}:${c.stage}`);
    if (stages(again).join() !== stages(projection).join()) {
      throw new Error(`late events changed the outcome: ${stages(again)} vs ${stages(projection)}`);
    }
    checked += 1;
  }),
  { numRuns: 150, seed: 6 },
);
console.log(`tier properties hold on ${checked} generated logs:`);
console.log('  the tier is the one the spend earns');
console.log('  tiers never go down');
console.log('  late events give the same stages as events in time order');
