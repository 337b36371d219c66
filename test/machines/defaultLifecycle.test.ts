import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import {
  compileLifecycle,
  defaultLifecycle,
  type LifecycleEvent,
  type LifecycleState,
  paymentsOf,
} from '../../src/machines/index.js';
import { createLifecycle } from '../../src/projection/index.js';
import { findCustomer } from '../../src/projection/Projection.js';
import * as e from './eventBuilders.js';

const { day } = e;

function replay(events: readonly LifecycleEvent[], input?: Record<string, unknown>) {
  const lifecycle = compileLifecycle(defaultLifecycle, input === undefined ? {} : { input });
  let state: LifecycleState = lifecycle.initial();
  const stages: string[] = [];
  for (const event of events) {
    state = lifecycle.transition(state, event);
    stages.push(lifecycle.stageOf(state));
  }
  return { lifecycle, state, stages, value: (id: string) => state.machines[id]?.value };
}

describe('defaultLifecycle', () => {
  it('walks a B2B prospect through the funnel to an advocate', () => {
    const { stages, value } = replay([
      e.touchpoint(day(0)),
      e.leadCaptured(day(1)),
      e.leadQualified(day(2)),
      e.opportunityOpened(day(3)),
      e.opportunityWon(day(4)),
      e.purchase(day(5), 'books'),
      e.purchase(day(35), 'books'),
      e.purchase(day(65), 'music'),
      e.referral(day(66)),
    ]);
    expect(stages).toEqual([
      'prospect',
      'lead',
      'lead',
      'opportunity',
      'new customer',
      'new customer',
      'repeat',
      'loyal',
      'advocate',
    ]);
    expect(value('acquisition')).toBe('customer');
    expect(value('extension')).toBe('expanded');
  });

  it('keeps an advocate or an engaged customer where they are when a campaign reaches them', () => {
    const advocate = replay([
      e.purchase(day(0), 'books'),
      e.purchase(day(30), 'books'),
      e.referral(day(31)),
      e.touchpoint(day(40)),
    ]);
    expect(advocate.stages.slice(-2)).toEqual(['advocate', 'advocate']);
    expect(advocate.value('engagement')).toBe('advocate');
    const engaged = replay([
      e.purchase(day(0)),
      e.login(day(1)),
      e.login(day(2)),
      e.login(day(3)),
      e.touchpoint(day(10)),
    ]);
    expect(engaged.stages.slice(-2)).toEqual(['loyal', 'loyal']);
    // The touchpoint is activity: drop-out is measured from it.
    expect(engaged.state.machines.engagement?.context).toMatchObject({ lastActivityAt: day(10) });
  });

  it('starts every machine at its initial state', () => {
    const lifecycle = compileLifecycle(defaultLifecycle);
    const state = lifecycle.initial();
    expect(
      Object.fromEntries(Object.entries(state.machines).map(([id, m]) => [id, m.value])),
    ).toEqual({
      acquisition: 'reach',
      retention: 'prospect',
      extension: 'none',
      engagement: 'discover',
    });
    expect(lifecycle.stageOf(state)).toBe('prospect');
    expect(lifecycle.wakeAt(state)).toBeUndefined();
    expect(lifecycle.initial()).toBe(state);
  });

  it('moves a non-contractual customer to at risk and churned against their own rhythm', () => {
    // Two purchases 10 days apart: rhythm 10 days, at risk after 20, churned after 40 days.
    const { lifecycle, state } = replay([e.purchase(day(0)), e.purchase(day(10))]);
    expect(state.machines.retention?.context).toMatchObject({
      atRiskAt: day(30),
      churnAt: day(50),
      wakeAt: day(30),
    });
    expect(lifecycle.transition(state, e.clock(day(29)))).toBe(state);
    const atRisk = lifecycle.transition(state, e.clock(day(30)));
    expect(lifecycle.stageOf(atRisk)).toBe('at risk');
    expect(lifecycle.wakeAt(atRisk)).toBe(day(50));
    const churned = lifecycle.transition(atRisk, e.clock(day(50)));
    expect(lifecycle.stageOf(churned)).toBe('churned');
    const back = lifecycle.transition(churned, e.purchase(day(90)));
    expect(back.machines.retention?.value).toBe('reactivated');
    expect(lifecycle.transition(back, e.purchase(day(95))).machines.retention?.value).toBe(
      'active',
    );
  });

  it('takes the expected gap from the retention input before the second purchase', () => {
    const { state } = replay([e.purchase(day(0))], { retention: { expectedGapDays: 30 } });
    expect(state.machines.retention?.context).toMatchObject({
      atRiskAt: day(60),
      churnAt: day(120),
    });
  });

  it('churns a subscriber on cancellation and on lapse after the grace period', () => {
    const cancelled = replay([e.subscriptionStarted(day(0)), e.subscriptionCancelled(day(10))]);
    expect(cancelled.stages).toEqual(['new customer', 'churned']);

    const { lifecycle, state } = replay([e.subscriptionStarted(day(0), 's1', 'week')]);
    // At risk just after the paid week ends: a renewal at its end still comes in time.
    expect(lifecycle.wakeAt(state)).toBe(day(7) + 1);
    expect(lifecycle.transition(state, e.clock(day(7)))).toBe(state);
    const overdue = lifecycle.transition(state, e.clock(day(7) + 1));
    expect(lifecycle.stageOf(overdue)).toBe('at risk');
    expect(lifecycle.wakeAt(overdue)).toBe(day(14));
    expect(lifecycle.stageOf(lifecycle.transition(overdue, e.clock(day(14))))).toBe('churned');
    // Back to active, and paying again.
    expect(lifecycle.stageOf(lifecycle.transition(overdue, e.subscriptionRenewed(day(8))))).toBe(
      'repeat',
    );
  });

  it('keeps a subscriber who renews at the very end of the paid period active', () => {
    // Renewals are stamped at the period's end: the projection's clock at that instant must
    // not turn the subscriber at risk for no time (a win-back sent on every renewal).
    const renewals = [1, 2, 3, 4, 5].map((month) =>
      e.subscriptionRenewed(Date.UTC(2026, month, 1)),
    );
    const events = [e.subscriptionStarted(day(0)), ...renewals].map((event, index) => ({
      ...event,
      position: index + 1,
      version: 0,
    }));
    const projection = createLifecycle().projectEvents(events, { asOf: Date.UTC(2026, 5, 10) });
    const [customer] = projection.customers;
    expect(customer?.history.map((entry) => entry.stage)).toEqual([
      'new customer',
      'repeat',
      'loyal',
    ]);
    expect(customer?.stageEnteredAt).toBe(Date.UTC(2026, 3, 1));
  });

  it('counts a renewal as buying again: a yearly subscriber is repeat, then loyal', () => {
    // Engagement drops out between yearly renewals, so only the payments can tell.
    const years = [2021, 2022, 2023, 2024].map((year) => Date.UTC(year, 0, 1));
    const events = [
      e.subscriptionStarted(Date.UTC(2020, 0, 1), 's1', 'year'),
      ...years.map((at) => e.subscriptionRenewed(at)),
    ].map((event, index) => ({ ...event, position: index + 1, version: 0 }));
    const projection = createLifecycle().projectEvents(events, { asOf: Date.UTC(2024, 5, 1) });
    const [customer] = projection.customers;
    expect(customer?.history).toEqual([
      { stage: 'new customer', at: Date.UTC(2020, 0, 1) },
      { stage: 'repeat', at: Date.UTC(2021, 0, 1) },
      { stage: 'loyal', at: Date.UTC(2023, 0, 1) },
    ]);
    expect(customer?.machines.extension?.context).toMatchObject({ purchases: 5, plans: ['basic'] });
  });

  it('counts payments: purchases, subscription starts and renewals, not plan changes', () => {
    const { state, lifecycle } = replay([
      e.purchase(day(0), 'books'),
      e.subscriptionStarted(day(1)),
      e.subscriptionChanged(day(2), 'upgrade'),
      e.subscriptionRenewed(day(31)),
    ]);
    expect(paymentsOf(lifecycle.initial())).toBe(0);
    expect(paymentsOf(state)).toBe(3);
    expect(paymentsOf({ machines: {} })).toBe(0);
  });

  it('takes a renewal whose start is not in the log as a first payment', () => {
    const { stages, value } = replay([
      e.subscriptionRenewed(day(0)),
      e.subscriptionRenewed(day(30)),
    ]);
    expect(stages).toEqual(['new customer', 'repeat']);
    expect(value('extension')).toBe('repeat');
  });

  it('marks lost opportunities and unqualified leads as lost, and recycles them', () => {
    const { stages, state } = replay([
      e.leadCaptured(day(0)),
      e.leadDisqualified(day(1)),
      e.touchpoint(day(30)),
      e.opportunityOpened(day(31), 'o7'),
      e.opportunityLost(day(32), 'other'),
      e.opportunityLost(day(33), 'o7'),
      e.leadCaptured(day(60)),
    ]);
    expect(stages).toEqual(['lead', 'lost', 'lead', 'opportunity', 'opportunity', 'lost', 'lead']);
    expect(state.machines.acquisition?.context).toMatchObject({ recycled: 2, leadAt: day(0) });
  });

  it('returns the same state object for events no machine reacts to', () => {
    const lifecycle = compileLifecycle(defaultLifecycle);
    const state = lifecycle.transition(lifecycle.initial(), e.purchase(day(0)));
    expect(lifecycle.transition(state, e.supportOpened(day(1)))).toBe(state);
    expect(lifecycle.transition(state, { ...e.touchpoint(day(2)), type: 'custom.event' })).toBe(
      state,
    );
    expect(lifecycle.transition(state, e.clock(day(3)))).toBe(state);
  });

  it('projects a subscription a million years long, which the catalogue accepts, as active', async () => {
    const log = createMemoryLog();
    const data = { subscriptionId: 's1', plan: 'life', interval: 'year', intervalCount: 1e6 };
    await log.append([
      { id: 's', type: 'subscription.started', customerId: 'c1', at: '2024-01-01', data },
    ]);
    const projection = await createLifecycle().project(log, { asOf: '2030-01-01' });
    expect(findCustomer(projection, 'c1')?.machines.retention?.value).toBe('active');
  });
});
