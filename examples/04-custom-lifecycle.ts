// 04 a custom lifecycle: a SaaS trial funnel as your own XState machine. defineLifecycle checks
// the machine once, createLifecycle compiles it, and projections replay the log through it.
// Run: npx tsx examples/04-custom-lifecycle.ts

import { createLifecycle, createMemoryLog, defineLifecycle, type LifecycleEvent } from 'tenure';
import { assign, setup } from 'xstate';

// The machine sees every event of a customer in time order (LifecycleEvent: the stored events
// plus `clock` events when time passes). It is an ordinary XState v5 machine.
const trialMachine = setup({
  types: { context: {} as { logins: number }, events: {} as LifecycleEvent },
  guards: {
    // The third login activates a trial: count this one with the two before it.
    activates: ({ context }) => context.logins + 1 >= 3,
  },
  actions: {
    countLogin: assign({ logins: ({ context }) => context.logins + 1 }),
  },
}).createMachine({
  id: 'trial',
  context: { logins: 0 },
  initial: 'visitor',
  states: {
    visitor: {
      on: { 'lead.captured': 'trialing', 'subscription.started': 'paying' },
    },
    trialing: {
      on: {
        'usage.login': [
          { guard: 'activates', target: 'activated', actions: 'countLogin' },
          { actions: 'countLogin' },
        ],
        'subscription.started': 'paying',
      },
    },
    activated: {
      on: { 'subscription.started': 'paying', 'usage.login': { actions: 'countLogin' } },
    },
    paying: {
      on: { 'subscription.cancelled': 'cancelled', 'usage.login': { actions: 'countLogin' } },
    },
    cancelled: {
      on: { 'subscription.started': 'paying' },
    },
  },
});

// A lifecycle: the machines, the headline stages in funnel order, and how a state maps to one.
const trialLifecycle = defineLifecycle({
  name: 'saas-trial',
  machines: { trial: trialMachine },
  stages: ['visitor', 'trialing', 'activated', 'paying', 'cancelled'],
  stageOf: (state) => state.machines.trial?.value ?? 'visitor',
});

const log = createMemoryLog();
const login = (customerId: string, n: number, at: string) => ({
  id: `${customerId}-login-${n}`,
  type: 'usage.login',
  customerId,
  at,
  data: {},
});
await log.append([
  { id: 'a1', type: 'lead.captured', customerId: 'acme', at: '2024-05-01', data: {} },
  login('acme', 1, '2024-05-02'),
  login('acme', 2, '2024-05-03'),
  login('acme', 3, '2024-05-06'),
  {
    id: 'a2',
    type: 'subscription.started',
    customerId: 'acme',
    at: '2024-05-20',
    data: { subscriptionId: 's1', plan: 'team', amount: 99, currency: 'EUR', interval: 'month' },
  },
  { id: 'b1', type: 'lead.captured', customerId: 'bolt', at: '2024-05-10', data: {} },
  login('bolt', 1, '2024-05-11'),
]);

const lifecycle = createLifecycle({ definition: trialLifecycle });
console.log(`lifecycle ${lifecycle.name}: ${lifecycle.stages.join(' -> ')}`);
for (const asOf of ['2024-05-04', '2024-05-31']) {
  const projection = await lifecycle.project(log, { asOf });
  for (const customer of projection.customers) {
    const logins = (customer.machines.trial?.context as { logins: number } | undefined)?.logins;
    console.log(`${asOf} ${customer.customerId}: ${customer.stage} (${logins} logins)`);
  }
}
const acme = (await lifecycle.project(log)).customers.find((c) => c.customerId === 'acme');
console.log(`acme's history: ${acme?.history.map((entry) => entry.stage).join(' -> ')}`);
