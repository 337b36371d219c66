import fc from 'fast-check';
import type { TenureEvent } from '../../src/events/index.js';
import type { LifecycleEvent } from '../../src/machines/index.js';

/** One step of a generated history: an event (built-in or custom), a clock now, or a clock at wakeAt. */
export type Step =
  | {
      readonly kind: 'event';
      readonly gapHours: number;
      readonly type: string;
      readonly data: unknown;
    }
  | { readonly kind: 'clock'; readonly gapHours: number }
  | { readonly kind: 'wake' };

const id = (prefix: string, n: number) =>
  fc.integer({ min: 1, max: n }).map((i) => `${prefix}${i}`);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const withoutUndefined = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

const item = fc
  .record({
    productId: id('p', 4),
    category: optional(fc.constantFrom('books', 'music', 'video')),
  })
  .map(withoutUndefined);

/** Payloads of every built-in event type (valid per the catalogue), plus one custom type. */
const eventData: Record<string, fc.Arbitrary<unknown>> = {
  touchpoint: fc.record({ channel: fc.constantFrom('email', 'ad', 'visit', 'content') }),
  'lead.captured': fc.constant({}),
  'lead.contacted': fc.constant({}),
  'lead.qualified': fc.constant({}),
  'lead.disqualified': fc.constant({}),
  'opportunity.opened': fc.record({ opportunityId: id('o', 2) }),
  'opportunity.won': fc.record({ opportunityId: id('o', 2) }),
  'opportunity.lost': fc.record({ opportunityId: id('o', 2) }),
  purchase: fc
    .record({
      orderId: id('order', 1000),
      amount: fc.integer({ min: 0, max: 500 }),
      currency: fc.constant('USD'),
      items: optional(fc.array(item, { maxLength: 3 })),
    })
    .map(withoutUndefined),
  refund: fc.record({ amount: fc.integer({ min: 1, max: 50 }), currency: fc.constant('USD') }),
  'subscription.started': fc
    .record({
      subscriptionId: id('s', 3),
      plan: fc.constantFrom('basic', 'pro'),
      interval: optional(fc.constantFrom('day', 'week', 'month', 'year')),
      intervalCount: optional(fc.integer({ min: 1, max: 3 })),
    })
    .map(withoutUndefined),
  'subscription.renewed': fc.record({ subscriptionId: id('s', 3) }),
  'subscription.changed': fc
    .record({
      subscriptionId: id('s', 3),
      plan: fc.constantFrom('basic', 'pro', 'team'),
      change: optional(fc.constantFrom('upgrade', 'downgrade', 'other')),
    })
    .map(withoutUndefined),
  'subscription.cancelled': fc.record({ subscriptionId: id('s', 3) }),
  'usage.login': fc.constant({}),
  'usage.feature': fc.record({ feature: fc.constantFrom('export', 'share') }),
  'support.opened': fc
    .record({ caseId: id('k', 3), priority: optional(fc.constantFrom('low', 'normal', 'urgent')) })
    .map(withoutUndefined),
  'support.resolved': fc
    .record({ caseId: id('k', 3), satisfied: optional(fc.boolean()) })
    .map(withoutUndefined),
  'survey.answered': fc.oneof(
    fc.record({ kind: fc.constant('nps'), score: fc.integer({ min: 0, max: 10 }) }),
    fc.record({ kind: fc.constant('csat'), score: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant('ces'), score: fc.integer({ min: 1, max: 7 }) }),
  ),
  review: fc.record({ rating: fc.integer({ min: 1, max: 5 }) }),
  referral: fc.constant({}),
  collaboration: fc.record({ kind: fc.constantFrom('community', 'co-design') }),
  'custom.signal': fc.constant({}),
};

const gapHours = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 24 * 14 }),
  fc.integer({ min: 24 * 14, max: 24 * 400 }),
);

const eventStep: fc.Arbitrary<Step> = fc.constantFrom(...Object.keys(eventData)).chain((type) =>
  fc.record({
    kind: fc.constant('event' as const),
    gapHours,
    type: fc.constant(type),
    data: eventData[type]!,
  }),
);

/** A generated history of up to `maxLength` steps: events, clocks now, clocks at wakeAt. */
export function stepsArbitrary(maxLength = 40): fc.Arbitrary<readonly Step[]> {
  return fc.array(
    fc.oneof(
      { arbitrary: eventStep, weight: 6 },
      { arbitrary: fc.record({ kind: fc.constant('clock' as const), gapHours }), weight: 1 },
      { arbitrary: fc.constant({ kind: 'wake' as const }), weight: 2 },
    ),
    { maxLength },
  );
}

const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/**
 * Turns steps into events as the projection would deliver them: times never go backwards, and a
 * `wake` step becomes a clock at `wakeAt()` of the current state (skipped when there is none).
 */
export function* materialise(
  steps: readonly Step[],
  wakeAt: () => number | undefined,
): Generator<LifecycleEvent> {
  let now = START;
  let n = 0;
  for (const step of steps) {
    if (step.kind === 'wake') {
      const at = wakeAt();
      if (at === undefined) continue;
      now = Math.max(now, at);
      yield { type: 'clock', at };
      continue;
    }
    now += step.gapHours * HOUR;
    if (step.kind === 'clock') {
      yield { type: 'clock', at: now };
      continue;
    }
    n++;
    const event: TenureEvent = {
      id: `g${n}`,
      type: step.type,
      customerId: 'c1',
      at: now,
      data: step.data,
    };
    yield event;
  }
}

/** Random but valid inputs of the retention and engagement machines (or none). */
export const inputArbitrary: fc.Arbitrary<Record<string, unknown> | undefined> = fc.option(
  fc
    .record({
      expectedGapDays: fc.integer({ min: 1, max: 120 }),
      atRiskFactor: fc.integer({ min: 1, max: 3 }),
      extra: fc.integer({ min: 1, max: 3 }),
      minGapDays: fc.integer({ min: 1, max: 14 }),
      graceDays: fc.integer({ min: 1, max: 30 }),
      dropOutAfterDays: fc.integer({ min: 1, max: 365 }),
      engagedAfterUses: fc.integer({ min: 1, max: 5 }),
    })
    .map((r) => ({
      retention: {
        expectedGapDays: r.expectedGapDays,
        atRiskFactor: r.atRiskFactor,
        churnFactor: r.atRiskFactor + r.extra,
        minGapDays: r.minGapDays,
        graceDays: r.graceDays,
      },
      engagement: { dropOutAfterDays: r.dropOutAfterDays, engagedAfterUses: r.engagedAfterUses },
    })),
  { nil: undefined },
);
