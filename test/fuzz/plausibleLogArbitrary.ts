import fc from 'fast-check';
import type { BuiltInEventType } from '../../src/events/catalog/builtInEventTypes.js';
import type { EventInput } from '../../src/events/TenureEvent.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import { eventDataArbitrary } from '../../src/testing/eventArbitraries.js';

/** The largest amount the built-in schemas accept (src/events/catalog/fields.ts). */
const MAX_AMOUNT = 1e15;

/** A valid-looking log and the time to project it at (`undefined`: the last event's time). */
export interface PlausibleLog {
  readonly events: readonly EventInput[];
  readonly asOf: number | undefined;
}

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/** Amounts a real shop would never send, next to ordinary ones. */
const amount = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 50_000 }).map((cents) => cents / 100), weight: 4 },
  // Up to the largest amount the schemas accept (1e15): sums of them stay finite.
  fc.constantFrom(0, 0.01, 1e9, 1e15, Number.MIN_VALUE),
);
const positiveAmount = amount.map((value) => (value > 0 ? value : 0.01));
const currency = fc.oneof(
  { arbitrary: fc.constant('USD'), weight: 5 },
  fc.constantFrom('EUR', 'JPY'),
);

/** The other life-cycle types, with random valid payloads. */
const otherTypes: readonly BuiltInEventType[] = [
  'touchpoint',
  'lead.captured',
  'lead.qualified',
  'opportunity.won',
  'usage.login',
  'support.opened',
  'survey.answered',
  'review',
  'referral',
];

type Step =
  | { readonly kind: 'purchase'; readonly amount: number; readonly currency: string }
  | { readonly kind: 'refund'; readonly amount: number; readonly order: number }
  | { readonly kind: 'subscription'; readonly phase: number; readonly amount: number }
  | { readonly kind: 'void'; readonly target: number }
  | { readonly kind: 'other'; readonly type: BuiltInEventType; readonly data: unknown };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('purchase'), amount, currency }),
    weight: 6,
  },
  fc.record({ kind: fc.constant('refund'), amount: positiveAmount, order: fc.nat(20) }),
  fc.record({ kind: fc.constant('subscription'), phase: fc.nat(5), amount }),
  fc.record({ kind: fc.constant('void'), target: fc.nat(30) }),
  fc.constantFrom(...otherTypes).chain((type) =>
    fc.record({
      kind: fc.constant('other'),
      type: fc.constant(type),
      data: eventDataArbitrary(type),
    }),
  ) as fc.Arbitrary<Step>,
) as fc.Arbitrary<Step>;

const history = fc.array(fc.tuple(step, fc.double({ min: 0, max: 1, noNaN: true })), {
  minLength: 1,
  maxLength: 8,
});

const SUBSCRIPTION_PHASES = [
  'subscription.started',
  'subscription.renewed',
  'subscription.renewed',
  'subscription.changed',
  'subscription.renewed',
  'subscription.cancelled',
] as const;

function toEvent(
  customerId: string,
  index: number,
  at: number,
  current: Step,
  earlier: readonly EventInput[],
): EventInput {
  const id = `${customerId}-e${index}`;
  const base = { id, customerId, at };
  switch (current.kind) {
    case 'purchase':
      return {
        ...base,
        type: 'purchase',
        data: { orderId: `${id}-o`, amount: current.amount, currency: current.currency },
      };
    case 'refund': {
      const orders = earlier.filter((event) => event.type === 'purchase');
      const order = orders[current.order % Math.max(1, orders.length)];
      return {
        ...base,
        type: 'refund',
        data: {
          amount: current.amount,
          currency: 'USD',
          ...(order === undefined ? {} : { orderId: (order.data as { orderId: string }).orderId }),
        },
      };
    }
    case 'subscription': {
      const type = SUBSCRIPTION_PHASES[current.phase] ?? 'subscription.renewed';
      const data: Record<string, unknown> = { subscriptionId: `${customerId}-s` };
      if (type === 'subscription.started' || type === 'subscription.changed') data.plan = 'pro';
      if (type === 'subscription.started') data.interval = 'month';
      if (type !== 'subscription.cancelled') {
        data.amount = current.amount;
        data.currency = 'USD';
      }
      return { ...base, type, data };
    }
    case 'void': {
      const target = earlier[current.target % Math.max(1, earlier.length)];
      return { ...base, type: 'event.voided', data: { eventId: target?.id ?? 'nothing' } };
    }
    case 'other':
      return { ...base, type: current.type, data: current.data };
  }
}

/**
 * A log a user could plausibly write, with the edge cases that break arithmetic: one customer or
 * several, every event at the same instant or spread over decades, zero, tiny and huge amounts
 * (up to 1e15, the most an event may carry), mixed currencies, refunds larger than their orders, voids (or every
 * event voided), subscriptions in any phase, and an `asOf` before every event or long after.
 */
export function plausibleLogArbitrary(): fc.Arbitrary<PlausibleLog> {
  return fc.oneof(randomLogArbitrary(), distortedSampleArbitrary());
}

function randomLogArbitrary(): fc.Arbitrary<PlausibleLog> {
  return fc
    .record({
      start: fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2030, 0, 1) }),
      span: fc.oneof(
        { arbitrary: fc.constantFrom(YEAR, 3 * YEAR), weight: 4 },
        fc.constantFrom(0, 3_600_000, DAY, 30 * DAY, 40 * YEAR),
      ),
      // One to a few customers, or enough (20+, 5+ repeat buyers) for the models to be fitted.
      histories: fc.oneof(
        fc.array(history, { minLength: 1, maxLength: 4 }),
        fc.array(history, { minLength: 20, maxLength: 40 }),
      ),
      voidEverything: fc.oneof({ arbitrary: fc.constant(false), weight: 7 }, fc.constant(true)),
      asOf: fc.oneof(
        { arbitrary: fc.constantFrom('last' as const, 'middle' as const), weight: 4 },
        fc.constantFrom('before' as const, 'later' as const),
      ),
    })
    .map(({ start, span, histories, voidEverything, asOf }) => {
      const events: EventInput[] = [];
      for (const [c, steps] of histories.entries()) {
        const customerId = `c${c + 1}`;
        const mine: EventInput[] = [];
        for (const [index, [current, offset]] of steps.entries()) {
          const at = Math.round(start + offset * span);
          mine.push(toEvent(customerId, index, at, current, mine));
        }
        if (voidEverything) {
          for (const event of [...mine]) {
            mine.push({
              id: `${event.id}-void`,
              customerId,
              at: start + span,
              type: 'event.voided',
              data: { eventId: event.id },
            });
          }
        }
        events.push(...mine);
      }
      const times = {
        last: undefined,
        before: start - DAY,
        middle: Math.round(start + span / 2),
        later: start + span + 10 * YEAR,
      };
      return { events, asOf: times[asOf] };
    });
}

const SAMPLE_START = Date.UTC(2023, 0, 1);
const SAMPLE_END = Date.UTC(2025, 0, 1);

/**
 * The seeded sample business (enough buyers for the models to be fitted), distorted: amounts
 * scaled to zero, fractions of a cent or up to 1e15 (the schemas' limit), its two years squeezed into
 * one instant or stretched over decades, a share of its events voided.
 */
function distortedSampleArbitrary(): fc.Arbitrary<PlausibleLog> {
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      people: fc.integer({ min: 70, max: 100 }),
      amountScale: fc.constantFrom(1, 1, 0, 1e-6, 1e9, 1e15),
      timeScale: fc.constantFrom(1, 1, 0, 1e-4, 20),
      voidEvery: fc.constantFrom(0, 0, 0, 7, 1),
      asOf: fc.constantFrom<number | undefined>(
        undefined,
        undefined,
        Date.UTC(2024, 6, 1),
        SAMPLE_START - DAY,
        SAMPLE_END + 30 * YEAR,
      ),
    })
    .map(({ seed, people, amountScale, timeScale, voidEvery, asOf }) => {
      const events: EventInput[] = [];
      const voids: EventInput[] = [];
      for (const event of generateSampleBusiness({ seed, customers: people })) {
        const at = Math.round(SAMPLE_START + (event.at - SAMPLE_START) * timeScale);
        const data = scaleAmount(event.data, amountScale, event.type === 'refund');
        events.push({ ...event, at, data });
        if (voidEvery > 0 && events.length % voidEvery === 0) {
          voids.push({
            id: `${event.id}-void`,
            type: 'event.voided',
            customerId: event.customerId,
            at,
            data: { eventId: event.id },
          });
        }
      }
      return { events: [...events, ...voids], asOf };
    });
}

function scaleAmount(data: unknown, scale: number, positive: boolean): unknown {
  const amount = (data as { amount?: unknown }).amount;
  if (typeof amount !== 'number') return data;
  let scaled = Math.min(amount * scale, MAX_AMOUNT);
  if (positive && !(scaled > 0)) scaled = Number.MIN_VALUE;
  return { ...(data as object), amount: scaled };
}
