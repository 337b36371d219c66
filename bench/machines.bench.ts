/**
 * `npm run bench -- machines`: events per second through the default lifecycle (4 machines per
 * event), four ways over the same event streams (built-in events plus the clock events a
 * projection injects at `wakeAt`):
 *   1. the compiled lifecycle (`compileLifecycle(defaultLifecycle).transition`),
 *   2. XState's pure `transition()` per machine,
 *   3. one XState actor per machine and customer (`actor.send`),
 *   4. a hand-written switch reducer of the same four machines (below), the baseline.
 * The reducer's final states are checked against the compiled path's before timing.
 *
 * `TENURE_BENCH_MACHINES_CUSTOMERS` sets how many customers' streams are replayed (default
 * 40,000); `TENURE_BENCH_MACHINES_XSTATE_CUSTOMERS` how many of them XState's two ways replay
 * (default 2,000: they are about 100x slower).
 */
import { type AnyMachineSnapshot, createActor, initialTransition, transition } from 'xstate';
import type { TenureEvent } from '../src/events/index.js';
import {
  addInterval,
  type BillingInterval,
  compileLifecycle,
  DAY_MS,
  defaultLifecycle,
  defaultStageOf,
  type LifecycleEvent,
  type LifecycleState,
  type MachineState,
} from '../src/machines/index.js';
import { measure, report, target } from './harness.js';

const CUSTOMERS = Number(process.env.TENURE_BENCH_MACHINES_CUSTOMERS ?? 40_000);
const XSTATE_CUSTOMERS = Number(process.env.TENURE_BENCH_MACHINES_XSTATE_CUSTOMERS ?? 2_000);

// ------------------------------------------------------------------ workload

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['books', 'music', 'video', 'games', 'garden'];

/** Seeded customer histories: funnel events, purchases in a personal rhythm, subscriptions, usage, feedback. */
function generateHistories(customers: number, seed: number): TenureEvent[][] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const histories: TenureEvent[][] = [];
  for (let c = 0; c < customers; c++) {
    const events: TenureEvent[] = [];
    const customerId = `c${c}`;
    let at = Date.UTC(2024, 0, 1) + Math.floor(random() * 365) * DAY_MS;
    const push = (type: string, data: unknown, gapDays: number) => {
      at += Math.round(gapDays * DAY_MS);
      events.push({ id: `${customerId}-${events.length}`, type, customerId, at, data });
    };
    for (let i = Math.floor(random() * 4); i > 0; i--)
      push('touchpoint', { channel: 'email' }, random() * 10);
    if (random() < 0.5) {
      push('lead.captured', {}, random() * 5);
      if (random() < 0.7) push('lead.contacted', {}, random() * 5);
      if (random() < 0.6) push('lead.qualified', {}, random() * 5);
      else if (random() < 0.5) push('lead.disqualified', {}, random() * 5);
      if (random() < 0.5) {
        push('opportunity.opened', { opportunityId: `${customerId}-o` }, random() * 10);
        push(
          random() < 0.6 ? 'opportunity.won' : 'opportunity.lost',
          { opportunityId: `${customerId}-o` },
          random() * 20,
        );
      }
    }
    if (random() < 0.75) {
      const rhythm = 5 + random() * 80;
      const purchases = 1 + Math.floor(-Math.log(1 - random()) * 6);
      const home = pick(CATEGORIES);
      for (let p = 0; p < purchases; p++) {
        const category = random() < 0.85 ? home : pick(CATEGORIES);
        push(
          'purchase',
          {
            orderId: `${customerId}-${p}`,
            amount: 20,
            currency: 'USD',
            items: [{ productId: `p${Math.floor(random() * 50)}`, category }],
          },
          p === 0 ? random() * 5 : -Math.log(1 - random()) * rhythm,
        );
        if (random() < 0.3) push('usage.login', {}, random() * 3);
        if (random() < 0.05) push('review', { rating: 1 + Math.floor(random() * 5) }, random() * 3);
        if (random() < 0.03) push('referral', {}, random() * 3);
      }
    }
    if (random() < 0.2) {
      const subscriptionId = `${customerId}-s`;
      push(
        'subscription.started',
        { subscriptionId, plan: 'basic', interval: 'month' },
        random() * 10,
      );
      const renewals = Math.floor(random() * 18);
      for (let r = 0; r < renewals; r++) {
        push('subscription.renewed', { subscriptionId }, 30);
        if (random() < 0.5) push('usage.feature', { feature: 'export' }, random() * 5);
        if (random() < 0.05)
          push('subscription.changed', { subscriptionId, plan: 'pro', change: 'upgrade' }, 1);
        if (random() < 0.05)
          push('survey.answered', { kind: 'nps', score: Math.floor(random() * 11) }, 1);
      }
      if (random() < 0.4) push('subscription.cancelled', { subscriptionId }, random() * 20);
    }
    histories.push(events);
  }
  return histories;
}

/**
 * The streams a projection feeds the lifecycle: each customer's events with a clock at
 * `wakeAt` injected whenever the next event (or the horizon) is at or after it.
 */
function withClocks(histories: readonly TenureEvent[][], horizon: number): LifecycleEvent[][] {
  const lifecycle = compileLifecycle(defaultLifecycle);
  return histories.map((events) => {
    const stream: LifecycleEvent[] = [];
    let state = lifecycle.initial();
    const catchUp = (until: number) => {
      for (
        let wakeAt = lifecycle.wakeAt(state);
        wakeAt !== undefined && wakeAt <= until;
        wakeAt = lifecycle.wakeAt(state)
      ) {
        const clock = { type: 'clock' as const, at: wakeAt };
        stream.push(clock);
        state = lifecycle.transition(state, clock);
      }
    };
    for (const event of events) {
      catchUp(event.at);
      stream.push(event);
      state = lifecycle.transition(state, event);
    }
    catchUp(horizon);
    return stream;
  });
}

// ------------------------------------------------------------------ hand-written reducer

/* The same four machines written by hand as switch statements over plain objects (the
   baseline the compiled path is compared with). Each context is built by one constructor with
   a fixed shape, the way a careful hand-written reducer avoids V8's slow paths; the field
   order equals the machines' so the results can be compared as JSON. */

// biome-ignore lint/suspicious/noExplicitAny: the baseline reads untyped event payloads
type Ev = { type: string; at: number; data?: any };
type Num = number | null;
const ms = (value: string, context: object): MachineState => ({ value, context });

interface Acq {
  touchpoints: number;
  leadAt: Num;
  recycled: number;
  opportunityId: string | null;
  convertedAt: Num;
}
const acq = (
  touchpoints: number,
  leadAt: Num,
  recycled: number,
  opportunityId: string | null,
  convertedAt: Num,
): Acq => ({
  touchpoints,
  leadAt,
  recycled,
  opportunityId,
  convertedAt,
});

function handAcquisition(s: MachineState, e: Ev): MachineState {
  const c = s.context as Acq;
  const v = s.value;
  const leadAt = c.leadAt ?? e.at;
  switch (e.type) {
    case 'purchase':
    case 'subscription.started':
    case 'opportunity.won':
      return v === 'customer'
        ? s
        : ms(
            'customer',
            acq(c.touchpoints, c.leadAt, c.recycled, c.opportunityId, c.convertedAt ?? e.at),
          );
    case 'touchpoint':
      if (v === 'opportunity' || v === 'customer') return s;
      if (v === 'lead.unqualified' || v === 'lost') {
        return ms(
          'lead.open',
          acq(c.touchpoints + 1, leadAt, c.recycled + 1, c.opportunityId, c.convertedAt),
        );
      }
      return ms(v, acq(c.touchpoints + 1, c.leadAt, c.recycled, c.opportunityId, c.convertedAt));
    case 'lead.captured':
    case 'lead.contacted':
    case 'lead.qualified': {
      const to =
        e.type === 'lead.captured'
          ? 'lead.open'
          : e.type === 'lead.contacted'
            ? 'lead.contacted'
            : 'lead.qualified';
      if (v === 'lead.unqualified' || (v === 'lost' && e.type === 'lead.captured')) {
        return ms(to, acq(c.touchpoints, leadAt, c.recycled + 1, c.opportunityId, c.convertedAt));
      }
      if (v === 'reach')
        return ms(to, acq(c.touchpoints, leadAt, c.recycled, c.opportunityId, c.convertedAt));
      if (e.type === 'lead.contacted' && v === 'lead.open') return ms(to, c);
      if (e.type === 'lead.qualified' && (v === 'lead.open' || v === 'lead.contacted'))
        return ms(to, c);
      return s;
    }
    case 'lead.disqualified':
      if (v === 'reach')
        return ms(
          'lead.unqualified',
          acq(c.touchpoints, leadAt, c.recycled, c.opportunityId, c.convertedAt),
        );
      if (v.startsWith('lead.')) return v === 'lead.unqualified' ? s : ms('lead.unqualified', c);
      return s;
    case 'opportunity.opened':
      if (v === 'customer') return s;
      if (v === 'opportunity' && c.opportunityId === e.data.opportunityId) return s;
      return ms(
        'opportunity',
        acq(c.touchpoints, c.leadAt, c.recycled, e.data.opportunityId, c.convertedAt),
      );
    case 'opportunity.lost':
      return v === 'opportunity' &&
        (c.opportunityId === null || c.opportunityId === e.data.opportunityId)
        ? ms('lost', c)
        : s;
    default:
      return s;
  }
}

interface Settings {
  expectedGapMs: number;
  atRiskFactor: number;
  churnFactor: number;
  minGapMs: number;
  graceMs: number;
}
interface Term {
  interval: BillingInterval;
  intervalCount: number;
}
interface Ret {
  settings: Settings;
  purchases: number;
  firstPurchaseAt: Num;
  lastPurchaseAt: Num;
  subscriptions: Record<string, Term>;
  paidUntil: Num;
  atRiskAt: Num;
  churnAt: Num;
  wakeAt: Num;
  churns: number;
  reactivations: number;
}

/** A retention context with fresh deadlines; `wake` picks wakeAt from them. */
function ret(
  c: Ret,
  purchases: number,
  firstPurchaseAt: Num,
  lastPurchaseAt: Num,
  subscriptions: Record<string, Term>,
  paidUntil: Num,
  wake: 'atRisk' | 'churn' | 'none',
  churns: number,
  reactivations: number,
): Ret {
  const st = c.settings;
  let atRiskAt: Num = null;
  let churnAt: Num = null;
  if (lastPurchaseAt !== null && firstPurchaseAt !== null) {
    const gap =
      purchases >= 2
        ? Math.max((lastPurchaseAt - firstPurchaseAt) / (purchases - 1), st.minGapMs)
        : st.expectedGapMs;
    atRiskAt = lastPurchaseAt + gap * st.atRiskFactor;
    churnAt = lastPurchaseAt + gap * st.churnFactor;
  }
  if (paidUntil !== null) {
    atRiskAt = Math.max(atRiskAt ?? paidUntil + 1, paidUntil + 1);
    churnAt = Math.max(churnAt ?? 0, paidUntil + st.graceMs);
  }
  const wakeAt = wake === 'atRisk' ? atRiskAt : wake === 'churn' ? churnAt : null;
  return {
    settings: st,
    purchases,
    firstPurchaseAt,
    lastPurchaseAt,
    subscriptions,
    paidUntil,
    atRiskAt,
    churnAt,
    wakeAt,
    churns,
    reactivations,
  };
}

function handRetention(s: MachineState, e: Ev): MachineState {
  const c = s.context as Ret;
  const v = s.value;
  switch (e.type) {
    case 'purchase':
    case 'subscription.started':
    case 'subscription.renewed': {
      const reactivated = v === 'churned';
      const value = reactivated ? 'reactivated' : 'active';
      const reactivations = c.reactivations + (reactivated ? 1 : 0);
      if (e.type === 'purchase') {
        const n = ret(
          c,
          c.purchases + 1,
          c.firstPurchaseAt ?? e.at,
          Math.max(c.lastPurchaseAt ?? e.at, e.at),
          c.subscriptions,
          c.paidUntil,
          'atRisk',
          c.churns,
          reactivations,
        );
        return ms(value, n);
      }
      const id = e.data.subscriptionId as string;
      const term: Term =
        e.type === 'subscription.started'
          ? { interval: e.data.interval ?? 'month', intervalCount: e.data.intervalCount ?? 1 }
          : (c.subscriptions[id] ?? { interval: 'month', intervalCount: 1 });
      const paidUntil = addInterval(
        Math.max(e.at, c.paidUntil ?? e.at),
        term.interval,
        term.intervalCount,
      );
      const n = ret(
        c,
        c.purchases,
        c.firstPurchaseAt,
        c.lastPurchaseAt,
        { ...c.subscriptions, [id]: term },
        paidUntil,
        'atRisk',
        c.churns,
        reactivations,
      );
      return ms(value, n);
    }
    case 'subscription.cancelled': {
      if (v === 'prospect' || v === 'churned') return s;
      const id = e.data.subscriptionId as string;
      if (!(id in c.subscriptions)) {
        const wakeAt = v === 'atRisk' ? c.churnAt : c.atRiskAt;
        return wakeAt === c.wakeAt ? s : ms(v, { ...c, wakeAt });
      }
      const { [id]: _gone, ...rest } = c.subscriptions;
      const last = Object.keys(rest).length === 0;
      const paidUntil = last ? null : c.paidUntil;
      if (last) {
        return ms(
          'churned',
          ret(
            c,
            c.purchases,
            c.firstPurchaseAt,
            c.lastPurchaseAt,
            rest,
            paidUntil,
            'none',
            c.churns + 1,
            c.reactivations,
          ),
        );
      }
      return ms(
        v,
        ret(
          c,
          c.purchases,
          c.firstPurchaseAt,
          c.lastPurchaseAt,
          rest,
          paidUntil,
          v === 'atRisk' ? 'churn' : 'atRisk',
          c.churns,
          c.reactivations,
        ),
      );
    }
    case 'clock':
      if ((v === 'active' || v === 'reactivated') && c.atRiskAt !== null && e.at >= c.atRiskAt) {
        return ms('atRisk', { ...c, wakeAt: c.churnAt });
      }
      if (v === 'atRisk' && c.churnAt !== null && e.at >= c.churnAt) {
        return ms('churned', { ...c, wakeAt: null, churns: c.churns + 1 });
      }
      return s;
    default:
      return s;
  }
}

function union(list: readonly string[], items: readonly string[]): readonly string[] {
  let out = list;
  for (const item of items) if (!out.includes(item)) out = [...out, item];
  return out;
}

interface Ext {
  purchases: number;
  categories: readonly string[];
  products: readonly string[];
  plans: readonly string[];
  expansions: number;
}
const ext = (
  purchases: number,
  categories: readonly string[],
  products: readonly string[],
  plans: readonly string[],
  expansions: number,
): Ext => ({
  purchases,
  categories,
  products,
  plans,
  expansions,
});

function handExtension(s: MachineState, e: Ev): MachineState {
  const c = s.context as Ext;
  const v = s.value;
  switch (e.type) {
    case 'purchase': {
      const items = (e.data.items ?? []) as { productId: string; category?: string }[];
      const categories: string[] = [];
      const products: string[] = [];
      for (const item of items) {
        if (item.category && !categories.includes(item.category)) categories.push(item.category);
        products.push(item.productId);
      }
      const isNew =
        c.categories.length > 0 && categories.some((cat) => !c.categories.includes(cat));
      const expansions = c.expansions + (v !== 'none' && isNew ? 1 : 0);
      const n = ext(
        c.purchases + 1,
        union(c.categories, categories),
        union(c.products, products),
        c.plans,
        expansions,
      );
      if (v === 'none') return ms('first', n);
      if (isNew) return ms('expanded', n);
      return ms(v === 'first' ? 'repeat' : v, n);
    }
    case 'subscription.started': {
      const first = v === 'none';
      const n = ext(
        c.purchases + 1,
        c.categories,
        c.products,
        union(c.plans, [e.data.plan]),
        c.expansions + (first ? 0 : 1),
      );
      return ms(first ? 'first' : 'expanded', n);
    }
    case 'subscription.renewed': {
      // A renewal is a payment: none -> first (its start not in the log), first -> repeat.
      const n = ext(c.purchases + 1, c.categories, c.products, c.plans, c.expansions);
      return ms(v === 'none' ? 'first' : v === 'first' ? 'repeat' : v, n);
    }
    case 'subscription.changed': {
      if (v === 'none') return s;
      const upgrade = e.data.change === 'upgrade';
      const n = ext(
        c.purchases,
        c.categories,
        c.products,
        union(c.plans, [e.data.plan]),
        c.expansions + (upgrade ? 1 : 0),
      );
      if (upgrade) return ms('expanded', n);
      if (e.data.change === 'downgrade' && v === 'expanded') return ms('repeat', n);
      return ms(v, n);
    }
    default:
      return s;
  }
}

function feedback(e: Ev): string {
  switch (e.type) {
    case 'referral':
    case 'collaboration':
      return 'advocacy';
    case 'review':
      return e.data.rating >= 4 ? 'advocacy' : e.data.rating <= 2 ? 'detractor' : 'neutral';
    case 'survey.answered':
      if (e.data.kind === 'nps')
        return e.data.score >= 9 ? 'advocacy' : e.data.score >= 7 ? 'positive' : 'detractor';
      if (e.data.kind === 'csat')
        return e.data.score >= 4 ? 'positive' : e.data.score <= 2 ? 'detractor' : 'neutral';
      return 'neutral';
    default:
      return 'neutral';
  }
}

const KIND: Readonly<Record<string, string>> = {
  touchpoint: 'discover',
  'lead.captured': 'learn',
  'lead.contacted': 'learn',
  'lead.qualified': 'learn',
  'opportunity.opened': 'learn',
  purchase: 'choose',
  'subscription.started': 'choose',
  'opportunity.won': 'choose',
  'usage.login': 'use',
  'usage.feature': 'use',
  'subscription.renewed': 'use',
  'support.resolved': 'use',
  'survey.answered': 'feedback',
  review: 'feedback',
  referral: 'feedback',
  collaboration: 'feedback',
};

interface Eng {
  dropOutAfterMs: number;
  engagedAfterUses: number;
  lastActivityAt: Num;
  wakeAt: Num;
  uses: number;
  cycles: number;
  dropOuts: number;
  advocacy: number;
}
const eng = (
  c: Eng,
  lastActivityAt: Num,
  wakeAt: Num,
  uses: number,
  cycles: number,
  dropOuts: number,
  advocacy: number,
): Eng => ({
  dropOutAfterMs: c.dropOutAfterMs,
  engagedAfterUses: c.engagedAfterUses,
  lastActivityAt,
  wakeAt,
  uses,
  cycles,
  dropOuts,
  advocacy,
});

function handEngagement(s: MachineState, e: Ev): MachineState {
  const c = s.context as Eng;
  const v = s.value;
  if (e.type === 'clock') {
    return v !== 'droppedOut' && c.wakeAt !== null && e.at >= c.wakeAt
      ? ms('droppedOut', eng(c, c.lastActivityAt, null, 0, c.cycles, c.dropOuts + 1, c.advocacy))
      : s;
  }
  const kind = KIND[e.type];
  if (kind === undefined) return s;
  if (v === 'droppedOut' && kind === 'feedback') return s;
  const last = Math.max(c.lastActivityAt ?? e.at, e.at);
  const wakeAt = last + c.dropOutAfterMs;
  const touched = (value: string, uses = c.uses, advocacy = c.advocacy) =>
    ms(value, eng(c, last, wakeAt, uses, c.cycles, c.dropOuts, advocacy));
  const cycle = (value: string) =>
    ms(value, eng(c, last, wakeAt, 0, c.cycles + 1, c.dropOuts, c.advocacy));
  if (v === 'droppedOut') return cycle(kind);
  if (kind === 'discover')
    return v === 'engage' || v === 'advocate' ? cycle('discover') : touched(v);
  if (kind === 'learn') return touched(v === 'discover' ? 'learn' : v);
  if (kind === 'choose' || kind === 'use') {
    if (v === 'discover' || v === 'learn')
      return kind === 'choose' ? touched('choose', 0) : touched(v);
    if (v === 'choose') return touched('use', c.uses + 1);
    if (v === 'use')
      return touched(c.uses + 1 >= c.engagedAfterUses ? 'engage' : 'use', c.uses + 1);
    return touched(v, c.uses + 1);
  }
  const f = feedback(e);
  if (v === 'choose' || v === 'use' || v === 'engage') {
    if (f === 'advocacy') return touched('advocate', c.uses, c.advocacy + 1);
    if (f === 'positive' && v !== 'engage') return touched('engage');
    return touched(v);
  }
  if (v === 'advocate') {
    if (f === 'advocacy') return touched(v, c.uses, c.advocacy + 1);
    if (f === 'detractor') return touched('engage');
  }
  return touched(v);
}

function handTransition(state: LifecycleState, e: Ev): LifecycleState {
  const m = state.machines;
  const a = handAcquisition(m.acquisition!, e);
  const r = handRetention(m.retention!, e);
  const x = handExtension(m.extension!, e);
  const g = handEngagement(m.engagement!, e);
  if (a === m.acquisition && r === m.retention && x === m.extension && g === m.engagement)
    return state;
  return { machines: { acquisition: a, retention: r, extension: x, engagement: g } };
}

function handWakeAt(state: LifecycleState): number | undefined {
  const r = (state.machines.retention!.context as Ret).wakeAt;
  const g = (state.machines.engagement!.context as Eng).wakeAt;
  if (r === null) return g ?? undefined;
  return g === null ? r : Math.min(r, g);
}

// ------------------------------------------------------------------ runs

/**
 * CPU seconds (user + system) and wall seconds of `fn`. Rates use CPU time: the benchmark
 * machine is shared, so wall time mostly measures the other processes.
 */
async function timed(fn: () => unknown): Promise<{ cpu: number; wall: number }> {
  const before = process.cpuUsage();
  const { seconds } = await measure(fn);
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / 1e6, wall: seconds };
}

async function main(): Promise<void> {
  const customers = CUSTOMERS;
  const histories = generateHistories(customers, 20_261_123);
  const streams = withClocks(histories, Date.UTC(2027, 0, 1));
  const total = streams.reduce((sum, stream) => sum + stream.length, 0);
  const lifecycle = compileLifecycle(defaultLifecycle);
  const initial = lifecycle.initial();

  const foldAll = (step: (state: LifecycleState, event: LifecycleEvent) => LifecycleState) => {
    let changed = 0;
    for (const stream of streams) {
      let state = initial;
      for (let i = 0; i < stream.length; i++) state = step(state, stream[i]!);
      if (state !== initial) changed++;
    }
    return changed;
  };

  const rounds = 5;
  let handBest = Infinity;
  let compiledBest = Infinity;
  let handWall = Infinity;
  let compiledWall = Infinity;
  for (let round = 0; round < rounds; round++) {
    const hand = await timed(() => foldAll((s, e) => handTransition(s, e as Ev)));
    handBest = Math.min(handBest, hand.cpu);
    handWall = Math.min(handWall, hand.wall);
    const compiled = await timed(() => foldAll(lifecycle.transition));
    compiledBest = Math.min(compiledBest, compiled.cpu);
    compiledWall = Math.min(compiledWall, compiled.wall);
  }
  const handRate = total / handBest;
  const compiledRate = total / compiledBest;

  // The baseline must compute the same thing: compare final stages, values and contexts. This
  // runs after the timing so that the timed reducer only ever saw its own objects (V8's inline
  // caches would otherwise be polluted by the compiled path's object shapes).
  let mismatches = 0;
  for (const stream of streams) {
    let compiled = initial;
    let hand = initial;
    for (const event of stream) {
      compiled = lifecycle.transition(compiled, event);
      hand = handTransition(hand, event as Ev);
    }
    if (
      JSON.stringify(compiled) !== JSON.stringify(hand) ||
      lifecycle.stageOf(compiled) !== defaultStageOf(hand) ||
      lifecycle.wakeAt(compiled) !== handWakeAt(hand)
    ) {
      mismatches++;
    }
  }
  if (mismatches > 0) {
    console.error(
      `hand-written reducer disagrees with the compiled lifecycle for ${mismatches} customers`,
    );
    process.exitCode = 1;
    return;
  }

  // XState is ~100x slower: time it on a slice of the customers.
  const slice = streams.slice(0, XSTATE_CUSTOMERS);
  const sliceEvents = slice.reduce((sum, stream) => sum + stream.length, 0);
  const machines = Object.entries(defaultLifecycle.machines);
  const pure = await timed(() => {
    for (const stream of slice) {
      const snapshots = machines.map(
        ([, machine]) => initialTransition(machine)[0] as AnyMachineSnapshot,
      );
      for (const event of stream) {
        for (let i = 0; i < machines.length; i++) {
          snapshots[i] = transition(machines[i]![1], snapshots[i]!, event as never)[0];
        }
      }
    }
  });
  const actors = await timed(() => {
    for (const stream of slice) {
      const refs = machines.map(([, machine]) => createActor(machine).start());
      for (const event of stream) for (const ref of refs) ref.send(event as never);
      for (const ref of refs) ref.stop();
    }
  });
  const pureRate = sliceEvents / pure.cpu;
  const actorRate = sliceEvents / actors.cpu;
  const ratio = (rate: number) => `${(rate / handRate).toFixed(3)}x of reducer`;

  report(
    `machines: default lifecycle replay (${customers.toLocaleString('en-US')} customers, ${total.toLocaleString('en-US')} events incl. clocks, 4 machines per event; best of ${rounds}; events per CPU-second)`,
    [
      {
        case: 'hand-written switch reducer (baseline)',
        value: handRate,
        unit: 'events/s',
        ratio: '1x',
        note: `wall: ${Math.round(total / handWall).toLocaleString('en-US')} events/s`,
      },
      {
        case: 'compileLifecycle(defaultLifecycle).transition',
        value: compiledRate,
        unit: 'events/s',
        ratio: ratio(compiledRate),
        target: `${target(compiledRate, 2_000_000)}; within 3x of reducer: ${handRate / compiledRate <= 3 ? 'met' : 'NOT met'}`,
        note: `reducer is ${(handRate / compiledRate).toFixed(2)}x faster; wall: ${Math.round(total / compiledWall).toLocaleString('en-US')} events/s`,
      },
      {
        case: 'xstate transition() per machine',
        value: pureRate,
        unit: 'events/s',
        ratio: ratio(pureRate),
        note: `${sliceEvents.toLocaleString('en-US')} events; compiled is ${(compiledRate / pureRate).toFixed(0)}x faster`,
      },
      {
        case: 'one xstate actor per machine and customer',
        value: actorRate,
        unit: 'events/s',
        ratio: ratio(actorRate),
        note: `${sliceEvents.toLocaleString('en-US')} events; compiled is ${(compiledRate / actorRate).toFixed(0)}x faster`,
      },
    ],
  );
}

if (process.argv[1]?.endsWith('machines.bench.ts')) await main();

export { generateHistories, handTransition, handWakeAt, withClocks };
