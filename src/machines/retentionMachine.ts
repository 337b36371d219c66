import { assign, setup } from 'xstate';
import type { MachineEvent } from './LifecycleEvent.js';
import {
  type PAliveSettings,
  pAliveDeadline,
  pAliveSettingsOf,
  type RetentionPAliveInput,
} from './pAliveDeadline.js';
import { addInterval, type BillingInterval, DAY_MS, positiveOption } from './time.js';

/**
 * Input of the retention machine (`compileLifecycle(def, { input: { retention: {...} } })`).
 * All durations in days.
 */
export interface RetentionInput {
  /** The rhythm assumed until a customer's second purchase. Default 90. */
  readonly expectedGapDays?: number;
  /** At risk after this many of the customer's own mean inter-purchase gaps without buying. Default 2. */
  readonly atRiskFactor?: number;
  /** Churned after this many mean gaps without buying (must exceed `atRiskFactor`). Default 4. */
  readonly churnFactor?: number;
  /** The shortest rhythm considered, so same-day repeat orders do not churn a customer the next day. Default 7. */
  readonly minGapDays?: number;
  /** Days after an unrenewed subscription's paid period ends before it lapses (churn). Default 7. */
  readonly graceDays?: number;
  /**
   * Drive at risk and churned by a fitted model's P(alive) instead of the gap factors, e.g.
   * `{ params: { r, alpha, a, b }, atRisk: 0.5, churned: 0.2 }`. Customers the model cannot
   * judge (BG/NBD before a repeat purchase) keep the gap rule. Default: none (gap factors).
   */
  readonly pAlive?: RetentionPAliveInput;
}

/** The retention settings in milliseconds, as kept in the context. */
export interface RetentionSettings {
  readonly expectedGapMs: number;
  readonly atRiskFactor: number;
  readonly churnFactor: number;
  readonly minGapMs: number;
  readonly graceMs: number;
  /** Model-driven thresholds, or null for the gap factors. */
  readonly pAlive: PAliveSettings | null;
}

/** The billing period of one active subscription. */
export interface SubscriptionTerm {
  readonly interval: BillingInterval;
  readonly intervalCount: number;
}

/** What the retention machine remembers about a customer. */
export interface RetentionContext {
  readonly settings: RetentionSettings;
  readonly purchases: number;
  readonly firstPurchaseAt: number | null;
  readonly lastPurchaseAt: number | null;
  /** Active subscriptions by id. */
  readonly subscriptions: Readonly<Record<string, SubscriptionTerm>>;
  /** End of the latest paid subscription period, or null when there is none. */
  readonly paidUntil: number | null;
  /** When the customer turns at risk without further activity (null before the first purchase). */
  readonly atRiskAt: number | null;
  /** When the customer churns without further activity. */
  readonly churnAt: number | null;
  /** The earliest time a clock event can change this machine, or null. */
  readonly wakeAt: number | null;
  readonly churns: number;
  readonly reactivations: number;
}

type Context = RetentionContext;

function settingsOf(input: RetentionInput | undefined): RetentionSettings {
  const options = input as Readonly<Record<string, unknown>> | undefined;
  const atRiskFactor = positiveOption('retention', options, 'atRiskFactor', 2);
  const churnFactor = positiveOption('retention', options, 'churnFactor', 4);
  if (churnFactor <= atRiskFactor) {
    throw new TypeError(
      `retention machine: input.churnFactor (${churnFactor}) must be greater than input.atRiskFactor (${atRiskFactor}).`,
    );
  }
  return {
    expectedGapMs: positiveOption('retention', options, 'expectedGapDays', 90) * DAY_MS,
    atRiskFactor,
    churnFactor,
    minGapMs: positiveOption('retention', options, 'minGapDays', 7) * DAY_MS,
    graceMs: positiveOption('retention', options, 'graceDays', 7) * DAY_MS,
    pAlive: pAliveSettingsOf(options?.pAlive),
  };
}

type Update = { -readonly [K in keyof Context]?: Context[K] };

/** The at-risk and churn deadlines: the later of the purchase rhythm's and the contract's. */
function deadlines(
  settings: RetentionSettings,
  purchases: number,
  firstPurchaseAt: number | null,
  lastPurchaseAt: number | null,
  paidUntil: number | null,
): { atRiskAt: number | null; churnAt: number | null } {
  let atRiskAt: number | null = null;
  let churnAt: number | null = null;
  if (lastPurchaseAt !== null && firstPurchaseAt !== null) {
    const gap =
      purchases >= 2
        ? Math.max((lastPurchaseAt - firstPurchaseAt) / (purchases - 1), settings.minGapMs)
        : settings.expectedGapMs;
    atRiskAt = lastPurchaseAt + gap * settings.atRiskFactor;
    churnAt = lastPurchaseAt + gap * settings.churnFactor;
    const model = settings.pAlive;
    const byModel =
      model === null
        ? null
        : pAliveDeadline(model, purchases, firstPurchaseAt, lastPurchaseAt, model.atRisk);
    if (model !== null && byModel !== null) {
      atRiskAt = byModel;
      churnAt = pAliveDeadline(model, purchases, firstPurchaseAt, lastPurchaseAt, model.churned);
    }
  }
  if (paidUntil !== null) {
    // At risk once the paid period has ended unrenewed: renewals are stamped at its very end,
    // and a clock at that instant is applied before them.
    const unpaid = paidUntil + 1;
    atRiskAt = Math.max(atRiskAt ?? unpaid, unpaid);
    churnAt = Math.max(churnAt ?? 0, paidUntil + settings.graceMs);
  }
  return { atRiskAt, churnAt };
}

/** The context update of a purchase, a subscription start or a renewal (only changed fields). */
function activity(context: Context, event: MachineEvent): Update {
  let { purchases, firstPurchaseAt, lastPurchaseAt, paidUntil, subscriptions } = context;
  if (event.type === 'purchase') {
    purchases++;
    firstPurchaseAt ??= event.at;
    lastPurchaseAt = Math.max(lastPurchaseAt ?? event.at, event.at);
  } else if (event.type === 'subscription.started' || event.type === 'subscription.renewed') {
    const id = event.data.subscriptionId;
    const term: SubscriptionTerm =
      event.type === 'subscription.started'
        ? { interval: event.data.interval ?? 'month', intervalCount: event.data.intervalCount ?? 1 }
        : (subscriptions[id] ?? { interval: 'month', intervalCount: 1 });
    // A renewal keeps the term it has: the record stays as it is (copying a record keyed by
    // subscription ids is one of the slowest steps of a replay, and renewals are frequent).
    if (!(Object.hasOwn(subscriptions, id) && subscriptions[id] === term)) {
      subscriptions = { ...subscriptions, [id]: term };
    }
    paidUntil = addInterval(
      Math.max(event.at, paidUntil ?? event.at),
      term.interval,
      term.intervalCount,
    );
  } else {
    return {};
  }
  const { atRiskAt, churnAt } = deadlines(
    context.settings,
    purchases,
    firstPurchaseAt,
    lastPurchaseAt,
    paidUntil,
  );
  return {
    purchases,
    firstPurchaseAt,
    lastPurchaseAt,
    subscriptions,
    paidUntil,
    atRiskAt,
    churnAt,
  };
}

/** The context update of cancelling subscription `id` (nothing when it is not active). */
function cancellation(context: Context, id: string): Update {
  if (!(id in context.subscriptions)) return {};
  const { [id]: _removed, ...subscriptions } = context.subscriptions;
  const paidUntil = Object.keys(subscriptions).length === 0 ? null : context.paidUntil;
  const { purchases, firstPurchaseAt, lastPurchaseAt } = context;
  return {
    subscriptions,
    paidUntil,
    ...deadlines(context.settings, purchases, firstPurchaseAt, lastPurchaseAt, paidUntil),
  };
}

const activityEvents = ['purchase', 'subscription.started', 'subscription.renewed'] as const;

/**
 * Retention: prospect -> active -> at risk -> churned -> reactivated (-> active again on the
 * next purchase or renewal). Non-contractual customers drift by inactivity measured against
 * their own rhythm (mean inter-purchase gap, or `expectedGapDays` before the second purchase)
 * times `atRiskFactor` / `churnFactor`. Contractual customers (subscriptions) are at risk when
 * the paid period ends without renewal, churn when the grace period ends (lapse) or when the
 * last subscription is cancelled. Time moves only with `{ type: 'clock', at }` events, from
 * `context.wakeAt` on; a clock moves the machine at most one step.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 *
 * const [start] = initialTransition(retentionMachine, { expectedGapDays: 30 });
 * const [active] = transition(retentionMachine, start, purchaseEvent);
 * active.context.wakeAt; // purchaseEvent.at + 60 days
 * ```
 */
export const retentionMachine = setup({
  types: {
    context: {} as RetentionContext,
    events: {} as MachineEvent,
    input: {} as RetentionInput | undefined,
  },
  guards: {
    /** Cancelling the only active subscription ends the contract; unknown ids change nothing. */
    isLastSubscription: ({ context, event }) =>
      event.type === 'subscription.cancelled' &&
      event.data.subscriptionId in context.subscriptions &&
      Object.keys(context.subscriptions).length === 1,
    atRiskDue: ({ context, event }) =>
      event.type === 'clock' && context.atRiskAt !== null && event.at >= context.atRiskAt,
    churnDue: ({ context, event }) =>
      event.type === 'clock' && context.churnAt !== null && event.at >= context.churnAt,
  },
  actions: {
    recordActivity: assign(({ context, event }) => activity(context, event)),
    /** Activity of a customer who stays active: the at-risk deadline moves with it. */
    recordActivityAndWake: assign(({ context, event }) => {
      const update = activity(context, event);
      update.wakeAt = update.atRiskAt ?? context.atRiskAt;
      return update;
    }),
    cancelSubscription: assign(({ context, event }) =>
      event.type === 'subscription.cancelled'
        ? cancellation(context, event.data.subscriptionId)
        : {},
    ),
    wakeAtRisk: assign({ wakeAt: ({ context }) => context.atRiskAt }),
    wakeAtChurn: assign({ wakeAt: ({ context }) => context.churnAt }),
    sleep: assign({ wakeAt: null }),
    countChurn: assign({ churns: ({ context }) => context.churns + 1 }),
    countReactivation: assign({ reactivations: ({ context }) => context.reactivations + 1 }),
  },
}).createMachine({
  id: 'retention',
  /** The starting context: the input's settings in milliseconds, no purchase yet. */
  context: ({ input }) => ({
    settings: settingsOf(input),
    purchases: 0,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    subscriptions: {},
    paidUntil: null,
    atRiskAt: null,
    churnAt: null,
    wakeAt: null,
    churns: 0,
    reactivations: 0,
  }),
  initial: 'prospect',
  states: {
    prospect: {
      description: 'Not a customer yet: nothing bought, no subscription.',
      on: Object.fromEntries(
        activityEvents.map((type) => [type, { target: 'active', actions: 'recordActivity' }]),
      ),
    },
    active: {
      description: 'Buying (or paying) within the customer’s own rhythm.',
      entry: 'wakeAtRisk',
      on: {
        purchase: { actions: 'recordActivityAndWake' },
        'subscription.started': { actions: 'recordActivityAndWake' },
        'subscription.renewed': { actions: 'recordActivityAndWake' },
        'subscription.cancelled': [
          { guard: 'isLastSubscription', target: 'churned', actions: 'cancelSubscription' },
          { actions: ['cancelSubscription', 'wakeAtRisk'] },
        ],
        clock: { guard: 'atRiskDue', target: 'atRisk' },
      },
    },
    atRisk: {
      description: 'Overdue against the customer’s rhythm, or the paid period ended unrenewed.',
      entry: 'wakeAtChurn',
      on: {
        purchase: { target: 'active', actions: 'recordActivity' },
        'subscription.started': { target: 'active', actions: 'recordActivity' },
        'subscription.renewed': { target: 'active', actions: 'recordActivity' },
        'subscription.cancelled': [
          { guard: 'isLastSubscription', target: 'churned', actions: 'cancelSubscription' },
          { actions: ['cancelSubscription', 'wakeAtChurn'] },
        ],
        clock: { guard: 'churnDue', target: 'churned' },
      },
    },
    churned: {
      description: 'Gone: inactive far beyond the rhythm, lapsed or cancelled.',
      entry: ['sleep', 'countChurn'],
      on: Object.fromEntries(
        activityEvents.map((type) => [
          type,
          { target: 'reactivated', actions: ['recordActivity', 'countReactivation'] },
        ]),
      ),
    },
    reactivated: {
      description:
        'Came back after churning; active again once the next purchase or renewal confirms it.',
      entry: 'wakeAtRisk',
      on: {
        purchase: { target: 'active', actions: 'recordActivity' },
        'subscription.started': { target: 'active', actions: 'recordActivity' },
        'subscription.renewed': { target: 'active', actions: 'recordActivity' },
        'subscription.cancelled': [
          { guard: 'isLastSubscription', target: 'churned', actions: 'cancelSubscription' },
          { actions: ['cancelSubscription', 'wakeAtRisk'] },
        ],
        clock: { guard: 'atRiskDue', target: 'atRisk' },
      },
    },
  },
});
