/**
 * Baseline (a) of bench/projection.bench.ts: the default lifecycle (acquisition, retention,
 * extension, engagement and the default stage function) written by hand as one mutable struct
 * per customer and switch statements, with the same grouping, sorting, clock injection, history
 * recording and per-customer output as the projection engine. Not part of the library.
 */
import type { StoredEvent } from '../src/events/TenureEvent.js';
import { feedbackOf } from '../src/machines/engagementMachine.js';
import type { MachineEvent } from '../src/machines/LifecycleEvent.js';
import { addInterval, type BillingInterval, DAY_MS } from '../src/machines/time.js';
import { compareEvents } from '../src/projection/compareEvents.js';

const EXPECTED_GAP = 90 * DAY_MS;
const AT_RISK_FACTOR = 2;
const CHURN_FACTOR = 4;
const MIN_GAP = 7 * DAY_MS;
const GRACE = 7 * DAY_MS;
const DROP_OUT_AFTER = 180 * DAY_MS;
const ENGAGED_AFTER_USES = 3;
const LOYAL_AFTER_PURCHASES = 4;

interface Term {
  interval: BillingInterval;
  intervalCount: number;
}

interface Customer {
  acq: string;
  touchpoints: number;
  leadAt: number | null;
  recycled: number;
  opportunityId: string | null;
  convertedAt: number | null;
  ret: string;
  purchases: number;
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
  subscriptions: Map<string, Term>;
  paidUntil: number | null;
  atRiskAt: number | null;
  churnAt: number | null;
  retWake: number | null;
  churns: number;
  reactivations: number;
  ext: string;
  extPurchases: number;
  categories: string[];
  products: string[];
  plans: string[];
  expansions: number;
  eng: string;
  lastActivityAt: number | null;
  engWake: number | null;
  uses: number;
  cycles: number;
  dropOuts: number;
  advocacy: number;
}

/**
 * What the reducer returns per customer: the engine's CustomerState (stage, history, each
 * machine's value and context, the RFM facts), so that the two do the same work and can be
 * compared field by field. Not frozen (the engine's "without deep freeze" row is the match).
 */
export interface ReducedCustomer {
  readonly customerId: string;
  readonly stage: string;
  readonly stageEnteredAt: number;
  readonly timeInStage: number;
  readonly machines: Record<string, { value: string; context: Record<string, unknown> }>;
  readonly history: { stage: string; at: number }[];
  readonly facts: {
    firstActivityAt: number;
    lastActivityAt: number;
    firstPurchaseAt: number | undefined;
    lastPurchaseAt: number | undefined;
    purchases: number;
    revenue: number;
    refundCount: number;
    refunds: number;
    currencies: string[];
    events: number;
  };
}

/** The retention and engagement machines' settings as the default lifecycle's contexts hold them. */
const RETENTION_SETTINGS = {
  expectedGapMs: EXPECTED_GAP,
  atRiskFactor: AT_RISK_FACTOR,
  churnFactor: CHURN_FACTOR,
  minGapMs: MIN_GAP,
  graceMs: GRACE,
  pAlive: null,
};

function fresh(): Customer {
  return {
    acq: 'reach',
    touchpoints: 0,
    leadAt: null,
    recycled: 0,
    opportunityId: null,
    convertedAt: null,
    ret: 'prospect',
    purchases: 0,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    subscriptions: new Map(),
    paidUntil: null,
    atRiskAt: null,
    churnAt: null,
    retWake: null,
    churns: 0,
    reactivations: 0,
    ext: 'none',
    extPurchases: 0,
    categories: [],
    products: [],
    plans: [],
    expansions: 0,
    eng: 'discover',
    lastActivityAt: null,
    engWake: null,
    uses: 0,
    cycles: 0,
    dropOuts: 0,
    advocacy: 0,
  };
}

/** Groups, sorts and folds `events` (any order) into every customer's state at `asOf`. */
export function reduceDefaultLifecycle(
  events: readonly StoredEvent[],
  asOf: number,
): ReducedCustomer[] {
  // The engine's grouping (src/projection/BatchFold.ts): a counting sort by customer number.
  const numbers = new Map<string, number>();
  const firstSeen: string[] = [];
  const kept: StoredEvent[] = [];
  const numberOf: number[] = [];
  for (const event of events) {
    if (event.at > asOf) continue;
    let number = numbers.get(event.customerId);
    if (number === undefined) {
      number = firstSeen.length;
      numbers.set(event.customerId, number);
      firstSeen.push(event.customerId);
    }
    kept.push(event);
    numberOf.push(number);
  }
  const ids = [...firstSeen].sort();
  const counts = new Int32Array(ids.length);
  for (const number of numberOf) counts[number]!++;
  const next = new Int32Array(ids.length);
  const ends = new Int32Array(ids.length);
  let offset = 0;
  for (let rank = 0; rank < ids.length; rank++) {
    const number = numbers.get(ids[rank]!)!;
    next[number] = offset;
    offset += counts[number]!;
    ends[rank] = offset;
  }
  const grouped: StoredEvent[] = new Array(kept.length);
  for (let index = 0; index < kept.length; index++)
    grouped[next[numberOf[index]!]!++] = kept[index]!;
  const out: ReducedCustomer[] = new Array(ids.length);
  for (let index = 0; index < ids.length; index++) {
    const customerId = ids[index]!;
    let list = grouped;
    let from = index === 0 ? 0 : ends[index - 1]!;
    let to = ends[index]!;
    for (let at = from + 1; at < to; at++) {
      if (compareEvents(grouped[at - 1]!, grouped[at]!) > 0) {
        list = grouped.slice(from, to).sort(compareEvents);
        from = 0;
        to = list.length;
        break;
      }
    }
    const c = fresh();
    const history: { stage: string; at: number }[] = [];
    let stage = '';
    let revenue = 0;
    let refunds = 0;
    let refundCount = 0;
    let purchases = 0;
    let firstPurchaseAt: number | undefined;
    let lastPurchaseAt: number | undefined;
    let currencies: string[] = [];
    for (let i = from; i < to; i++) {
      const event = list[i]!;
      if (i > from) {
        for (let wake = wakeOf(c); wake !== null && wake <= event.at; wake = wakeOf(c)) {
          if (!clock(c, wake)) break;
          const next = stageOf(c);
          if (next !== stage) {
            stage = next;
            history.push({ stage, at: wake });
          }
        }
      }
      apply(c, event as MachineEvent);
      if (event.type === 'purchase') {
        purchases++;
        firstPurchaseAt ??= event.at;
        lastPurchaseAt = event.at;
        revenue += (event.data as { amount: number }).amount;
        currencies = withCurrency(currencies, event.data);
      } else if (event.type === 'refund') {
        refundCount++;
        refunds += (event.data as { amount: number }).amount;
        currencies = withCurrency(currencies, event.data);
      }
      const next = stageOf(c);
      if (next !== stage) {
        stage = next;
        history.push({ stage, at: event.at });
      }
    }
    for (let wake = wakeOf(c); wake !== null && wake <= asOf; wake = wakeOf(c)) {
      if (!clock(c, wake)) break;
      const next = stageOf(c);
      if (next !== stage) {
        stage = next;
        history.push({ stage, at: wake });
      }
    }
    // The engine's last clock, at asOf itself (due clocks are all in by now).
    if (clock(c, asOf)) {
      const next = stageOf(c);
      if (next !== stage) {
        stage = next;
        history.push({ stage, at: asOf });
      }
    }
    const entered = history[history.length - 1]!.at;
    out[index] = {
      customerId,
      stage,
      stageEnteredAt: entered,
      timeInStage: asOf - entered,
      machines: machinesOf(c),
      history,
      facts: {
        firstActivityAt: list[from]!.at,
        lastActivityAt: list[to - 1]!.at,
        firstPurchaseAt,
        lastPurchaseAt,
        purchases,
        revenue,
        refundCount,
        refunds,
        currencies,
        events: to - from,
      },
    };
  }
  return out;
}

/** `currencies` with the event's currency, sorted (a new list: the old one may be handed out). */
function withCurrency(currencies: string[], data: unknown): string[] {
  const currency = (data as { currency?: unknown }).currency;
  if (typeof currency !== 'string' || currencies.includes(currency)) return currencies;
  if (currencies.length > 0) return [...currencies, currency].sort();
  // Most buyers pay in one currency: one shared list per currency, as the engine keeps them.
  let single = SINGLE_CURRENCIES.get(currency);
  if (single === undefined) {
    single = [currency];
    SINGLE_CURRENCIES.set(currency, single);
  }
  return single;
}
const SINGLE_CURRENCIES = new Map<string, string[]>();
const NO_SUBSCRIPTIONS = {};

/** The machines' values and contexts as the engine's result holds them, built once per customer. */
function machinesOf(c: Customer): ReducedCustomer['machines'] {
  return {
    acquisition: {
      value: c.acq,
      context: {
        touchpoints: c.touchpoints,
        leadAt: c.leadAt,
        recycled: c.recycled,
        opportunityId: c.opportunityId,
        convertedAt: c.convertedAt,
      },
    },
    retention: {
      value: c.ret,
      context: {
        settings: RETENTION_SETTINGS,
        purchases: c.purchases,
        firstPurchaseAt: c.firstPurchaseAt,
        lastPurchaseAt: c.lastPurchaseAt,
        subscriptions:
          c.subscriptions.size === 0 ? NO_SUBSCRIPTIONS : Object.fromEntries(c.subscriptions),
        paidUntil: c.paidUntil,
        atRiskAt: c.atRiskAt,
        churnAt: c.churnAt,
        wakeAt: c.retWake,
        churns: c.churns,
        reactivations: c.reactivations,
      },
    },
    extension: {
      value: c.ext,
      context: {
        purchases: c.extPurchases,
        categories: c.categories,
        products: c.products,
        plans: c.plans,
        expansions: c.expansions,
      },
    },
    engagement: {
      value: c.eng,
      context: {
        dropOutAfterMs: DROP_OUT_AFTER,
        engagedAfterUses: ENGAGED_AFTER_USES,
        lastActivityAt: c.lastActivityAt,
        wakeAt: c.engWake,
        uses: c.uses,
        cycles: c.cycles,
        dropOuts: c.dropOuts,
        advocacy: c.advocacy,
      },
    },
  };
}

/** The next clock's time: the earliest deadline, up to a whole millisecond (as the engine's). */
function wakeOf(c: Customer): number | null {
  if (c.retWake === null) return c.engWake === null ? null : Math.ceil(c.engWake);
  if (c.engWake === null) return Math.ceil(c.retWake);
  return Math.ceil(Math.min(c.retWake, c.engWake));
}

/** One clock step for every machine; true when anything changed. */
function clock(c: Customer, at: number): boolean {
  let changed = false;
  if ((c.ret === 'active' || c.ret === 'reactivated') && c.atRiskAt !== null && at >= c.atRiskAt) {
    c.ret = 'atRisk';
    c.retWake = c.churnAt;
    changed = true;
  } else if (c.ret === 'atRisk' && c.churnAt !== null && at >= c.churnAt) {
    enterChurned(c);
    changed = true;
  }
  if (c.eng !== 'droppedOut' && c.engWake !== null && at >= c.engWake) {
    c.eng = 'droppedOut';
    c.dropOuts++;
    c.engWake = null;
    c.uses = 0;
    changed = true;
  }
  return changed;
}

function apply(c: Customer, event: MachineEvent): void {
  acquisition(c, event);
  retention(c, event);
  extension(c, event);
  engagement(c, event);
}

function acquisition(c: Customer, event: MachineEvent): void {
  const type = event.type;
  if (type === 'purchase' || type === 'subscription.started' || type === 'opportunity.won') {
    if (c.acq !== 'customer') {
      c.acq = 'customer';
      c.convertedAt ??= event.at;
    }
    return;
  }
  switch (c.acq) {
    case 'reach':
      if (type === 'touchpoint') c.touchpoints++;
      else if (type === 'lead.captured') enterLead(c, event.at, 'open');
      else if (type === 'lead.contacted') enterLead(c, event.at, 'contacted');
      else if (type === 'lead.qualified') enterLead(c, event.at, 'qualified');
      else if (type === 'lead.disqualified') enterLead(c, event.at, 'unqualified');
      else if (type === 'opportunity.opened') {
        c.acq = 'opportunity';
        c.opportunityId = event.data.opportunityId;
      }
      return;
    case 'lead.unqualified':
      if (type === 'touchpoint') {
        c.touchpoints++;
        c.recycled++;
        c.acq = 'lead.open';
      } else if (
        type === 'lead.captured' ||
        type === 'lead.contacted' ||
        type === 'lead.qualified'
      ) {
        c.recycled++;
        c.acq =
          type === 'lead.captured'
            ? 'lead.open'
            : type === 'lead.contacted'
              ? 'lead.contacted'
              : 'lead.qualified';
      } else if (type === 'lead.disqualified') c.acq = 'lead.unqualified';
      else if (type === 'opportunity.opened') {
        c.acq = 'opportunity';
        c.opportunityId = event.data.opportunityId;
      }
      return;
    case 'lead.open':
    case 'lead.contacted':
    case 'lead.qualified':
      if (type === 'touchpoint') c.touchpoints++;
      else if (type === 'lead.disqualified') c.acq = 'lead.unqualified';
      else if (type === 'opportunity.opened') {
        c.acq = 'opportunity';
        c.opportunityId = event.data.opportunityId;
      } else if (type === 'lead.contacted' && c.acq === 'lead.open') c.acq = 'lead.contacted';
      else if (type === 'lead.qualified' && c.acq !== 'lead.qualified') c.acq = 'lead.qualified';
      return;
    case 'opportunity':
      if (type === 'opportunity.opened') c.opportunityId = event.data.opportunityId;
      else if (
        type === 'opportunity.lost' &&
        (c.opportunityId === null || c.opportunityId === event.data.opportunityId)
      ) {
        c.acq = 'lost';
      }
      return;
    case 'lost':
      if (type === 'touchpoint') {
        c.touchpoints++;
        c.recycled++;
        enterLead(c, event.at, 'open');
      } else if (type === 'lead.captured') {
        c.recycled++;
        enterLead(c, event.at, 'open');
      } else if (type === 'opportunity.opened') {
        c.acq = 'opportunity';
        c.opportunityId = event.data.opportunityId;
      }
      return;
  }
}

// A top-level function, not a closure per call: tsx (esbuild, keepNames) names every closure it
// creates, which cost this reducer about a tenth of its time.
function enterLead(c: Customer, at: number, sub: string): void {
  if (!c.acq.startsWith('lead.')) c.leadAt ??= at;
  c.acq = `lead.${sub}`;
}

function deadlines(c: Customer): void {
  let atRiskAt: number | null = null;
  let churnAt: number | null = null;
  if (c.lastPurchaseAt !== null && c.firstPurchaseAt !== null) {
    const gap =
      c.purchases >= 2
        ? Math.max((c.lastPurchaseAt - c.firstPurchaseAt) / (c.purchases - 1), MIN_GAP)
        : EXPECTED_GAP;
    atRiskAt = c.lastPurchaseAt + gap * AT_RISK_FACTOR;
    churnAt = c.lastPurchaseAt + gap * CHURN_FACTOR;
  }
  if (c.paidUntil !== null) {
    atRiskAt = Math.max(atRiskAt ?? c.paidUntil + 1, c.paidUntil + 1);
    churnAt = Math.max(churnAt ?? 0, c.paidUntil + GRACE);
  }
  c.atRiskAt = atRiskAt;
  c.churnAt = churnAt;
}

function recordActivity(c: Customer, event: MachineEvent): void {
  if (event.type === 'purchase') {
    c.purchases++;
    c.firstPurchaseAt ??= event.at;
    c.lastPurchaseAt = Math.max(c.lastPurchaseAt ?? event.at, event.at);
  } else if (event.type === 'subscription.started' || event.type === 'subscription.renewed') {
    const id = event.data.subscriptionId;
    const term: Term =
      event.type === 'subscription.started'
        ? { interval: event.data.interval ?? 'month', intervalCount: event.data.intervalCount ?? 1 }
        : (c.subscriptions.get(id) ?? { interval: 'month', intervalCount: 1 });
    const from = Math.max(event.at, c.paidUntil ?? event.at);
    c.subscriptions.set(id, term);
    c.paidUntil = addInterval(from, term.interval, term.intervalCount);
  }
  deadlines(c);
}

function enterChurned(c: Customer): void {
  c.ret = 'churned';
  c.retWake = null;
  c.churns++;
}

function retention(c: Customer, event: MachineEvent): void {
  const type = event.type;
  const activity =
    type === 'purchase' || type === 'subscription.started' || type === 'subscription.renewed';
  switch (c.ret) {
    case 'prospect':
      if (activity) {
        recordActivity(c, event);
        c.ret = 'active';
        c.retWake = c.atRiskAt;
      }
      return;
    case 'active':
    case 'reactivated':
    case 'atRisk': {
      if (activity) {
        recordActivity(c, event);
        c.ret = 'active';
        c.retWake = c.atRiskAt;
      } else if (type === 'subscription.cancelled') {
        const id = event.data.subscriptionId;
        const last = c.subscriptions.has(id) && c.subscriptions.size === 1;
        c.subscriptions.delete(id);
        if (c.subscriptions.size === 0) c.paidUntil = null;
        deadlines(c);
        if (last) enterChurned(c);
        else c.retWake = c.ret === 'atRisk' ? c.churnAt : c.atRiskAt;
      }
      return;
    }
    case 'churned':
      if (activity) {
        recordActivity(c, event);
        c.reactivations++;
        c.ret = 'reactivated';
        c.retWake = c.atRiskAt;
      }
      return;
  }
}

function extension(c: Customer, event: MachineEvent): void {
  const type = event.type;
  if (type === 'purchase') {
    const items = event.data.items ?? [];
    let newCategory = false;
    for (const item of items) {
      const category = item.category;
      if (category === undefined || category === '') continue;
      if (c.categories.length > 0 && !c.categories.includes(category)) newCategory = true;
    }
    for (const item of items) {
      if (
        item.category !== undefined &&
        item.category !== '' &&
        !c.categories.includes(item.category)
      ) {
        c.categories.push(item.category);
      }
      if (!c.products.includes(item.productId)) c.products.push(item.productId);
    }
    c.extPurchases++;
    if (c.ext === 'none') c.ext = 'first';
    else if (newCategory) {
      c.ext = 'expanded';
      c.expansions++;
    } else if (c.ext === 'first') c.ext = 'repeat';
  } else if (type === 'subscription.started') {
    c.extPurchases++;
    if (!c.plans.includes(event.data.plan)) c.plans.push(event.data.plan);
    if (c.ext === 'none') c.ext = 'first';
    else {
      c.ext = 'expanded';
      c.expansions++;
    }
  } else if (type === 'subscription.renewed') {
    c.extPurchases++;
    if (c.ext === 'none') c.ext = 'first';
    else if (c.ext === 'first') c.ext = 'repeat';
  } else if (type === 'subscription.changed' && c.ext !== 'none') {
    if (!c.plans.includes(event.data.plan)) c.plans.push(event.data.plan);
    if (event.data.change === 'upgrade') {
      c.ext = 'expanded';
      c.expansions++;
    } else if (event.data.change === 'downgrade' && c.ext === 'expanded') c.ext = 'repeat';
  }
}

const LEARNING = new Set([
  'lead.captured',
  'lead.contacted',
  'lead.qualified',
  'opportunity.opened',
]);
const CHOOSING = new Set(['purchase', 'subscription.started', 'opportunity.won']);
const USING = new Set(['usage.login', 'usage.feature', 'subscription.renewed', 'support.resolved']);
const FEEDBACK = new Set(['survey.answered', 'review', 'referral', 'collaboration']);

function touch(c: Customer, at: number): void {
  c.lastActivityAt = Math.max(c.lastActivityAt ?? at, at);
  c.engWake = c.lastActivityAt + DROP_OUT_AFTER;
}

function engagement(c: Customer, event: MachineEvent): void {
  const type = event.type;
  const kind =
    type === 'touchpoint'
      ? 'touch'
      : LEARNING.has(type)
        ? 'learn'
        : CHOOSING.has(type)
          ? 'choose'
          : USING.has(type)
            ? 'use'
            : FEEDBACK.has(type)
              ? 'feedback'
              : undefined;
  if (kind === undefined) return;
  switch (c.eng) {
    case 'discover':
    case 'learn':
      if (kind === 'feedback' && c.eng === 'discover') touch(c, event.at);
      else if (kind === 'feedback') touch(c, event.at);
      else {
        touch(c, event.at);
        if (kind === 'learn') c.eng = 'learn';
        else if (kind === 'choose') {
          c.eng = 'choose';
          c.uses = 0;
        }
      }
      return;
    case 'choose':
    case 'use':
      touch(c, event.at);
      if (kind === 'choose' || kind === 'use') {
        if (c.eng === 'use' && c.uses + 1 >= ENGAGED_AFTER_USES) c.eng = 'engage';
        else c.eng = 'use';
        c.uses++;
      } else if (kind === 'feedback') {
        const feedback = feedbackOf(event);
        if (feedback === 'advocacy') {
          c.eng = 'advocate';
          c.advocacy++;
        } else if (feedback === 'positive') c.eng = 'engage';
      }
      return;
    case 'engage':
    case 'advocate':
      // A touchpoint is activity only: the default lifecycle's engagement keeps the standing.
      touch(c, event.at);
      if (kind === 'choose' || kind === 'use') c.uses++;
      else if (kind === 'feedback') {
        const feedback = feedbackOf(event);
        if (feedback === 'advocacy') {
          c.eng = 'advocate';
          c.advocacy++;
        } else if (feedback === 'detractor' && c.eng === 'advocate') c.eng = 'engage';
      }
      return;
    case 'droppedOut':
      if (kind === 'feedback') return;
      touch(c, event.at);
      c.cycles++;
      c.uses = 0;
      c.eng = kind === 'touch' ? 'discover' : kind === 'learn' ? 'learn' : kind;
      if (kind === 'choose') c.uses = 0;
      return;
  }
}

function stageOf(c: Customer): string {
  if (c.ret === 'churned') return 'churned';
  if (c.ret === 'atRisk') return 'at risk';
  if (c.acq === 'customer' || c.ret !== 'prospect' || c.ext !== 'none') {
    if (c.eng === 'advocate') return 'advocate';
    if (c.ext === 'expanded' || c.eng === 'engage' || c.extPurchases >= LOYAL_AFTER_PURCHASES) {
      return 'loyal';
    }
    return c.ext === 'repeat' ? 'repeat' : 'new customer';
  }
  if (c.acq === 'lost' || c.acq === 'lead.unqualified') return 'lost';
  if (c.acq === 'opportunity') return 'opportunity';
  if (c.acq.startsWith('lead.')) return 'lead';
  return 'prospect';
}
