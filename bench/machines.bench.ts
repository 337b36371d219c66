/**
 * `npm run bench -- machines`: events per second through the default lifecycle (4 machines per
 * event), four ways over the same event streams (built-in events plus the clock events a
 * projection injects at `wakeAt`):
 *   1. the compiled lifecycle (`compileLifecycle(defaultLifecycle).transition`),
 *   2. XState's pure `transition()` per machine,
 *   3. one XState actor per machine and customer (`actor.send`),
 *   4. a hand-written switch reducer of the same four machines (below), the baseline.
 * The reducer's final states are checked against the compiled path's before timing.
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
   baseline the compiled path is compared with). Context shapes equal the machines'. */

type Ctx = Record<string, any>;
type Ev = { type: string; at: number; data?: any };
const ms = (value: string, context: Ctx): MachineState => ({ value, context });

function handAcquisition(s: MachineState, e: Ev): MachineState {
  const c = s.context as Ctx;
  const v = s.value;
  const lead = (value: string, extra: Ctx = {}) =>
    ms(value, { ...c, leadAt: c.leadAt ?? e.at, ...extra });
  switch (e.type) {
    case 'purchase':
    case 'subscription.started':
    case 'opportunity.won':
      return v === 'customer' ? s : ms('customer', { ...c, convertedAt: c.convertedAt ?? e.at });
    case 'touchpoint':
      if (v === 'opportunity' || v === 'customer') return s;
      if (v === 'lead.unqualified' || v === 'lost') {
        return lead('lead.open', { touchpoints: c.touchpoints + 1, recycled: c.recycled + 1 });
      }
      return ms(v, { ...c, touchpoints: c.touchpoints + 1 });
    case 'lead.captured':
      if (v === 'reach') return lead('lead.open');
      if (v === 'lead.unqualified' || v === 'lost')
        return lead('lead.open', { recycled: c.recycled + 1 });
      return s;
    case 'lead.contacted':
      if (v === 'reach' || v === 'lead.open') return lead('lead.contacted');
      if (v === 'lead.unqualified') return lead('lead.contacted', { recycled: c.recycled + 1 });
      return s;
    case 'lead.qualified':
      if (v === 'reach' || v === 'lead.open' || v === 'lead.contacted')
        return lead('lead.qualified');
      if (v === 'lead.unqualified') return lead('lead.qualified', { recycled: c.recycled + 1 });
      return s;
    case 'lead.disqualified':
      if (v === 'reach') return lead('lead.unqualified');
      if (v.startsWith('lead.')) return v === 'lead.unqualified' ? s : ms('lead.unqualified', c);
      return s;
    case 'opportunity.opened':
      if (v === 'customer') return s;
      return c.opportunityId === e.data.opportunityId && v === 'opportunity'
        ? s
        : ms('opportunity', { ...c, opportunityId: e.data.opportunityId });
    case 'opportunity.lost':
      return v === 'opportunity' &&
        (c.opportunityId === null || c.opportunityId === e.data.opportunityId)
        ? ms('lost', c)
        : s;
    default:
      return s;
  }
}

function deadlines(c: Ctx): Ctx {
  const st = c.settings;
  let atRiskAt: number | null = null;
  let churnAt: number | null = null;
  if (c.lastPurchaseAt !== null) {
    const gap =
      c.purchases >= 2
        ? Math.max((c.lastPurchaseAt - c.firstPurchaseAt) / (c.purchases - 1), st.minGapMs)
        : st.expectedGapMs;
    atRiskAt = c.lastPurchaseAt + gap * st.atRiskFactor;
    churnAt = c.lastPurchaseAt + gap * st.churnFactor;
  }
  if (c.paidUntil !== null) {
    atRiskAt = Math.max(atRiskAt ?? c.paidUntil, c.paidUntil);
    churnAt = Math.max(churnAt ?? 0, c.paidUntil + st.graceMs);
  }
  return { ...c, atRiskAt, churnAt };
}

function handRetention(s: MachineState, e: Ev): MachineState {
  const c = s.context as Ctx;
  const v = s.value;
  switch (e.type) {
    case 'purchase':
    case 'subscription.started':
    case 'subscription.renewed': {
      let n: Ctx;
      if (e.type === 'purchase') {
        n = deadlines({
          ...c,
          purchases: c.purchases + 1,
          firstPurchaseAt: c.firstPurchaseAt ?? e.at,
          lastPurchaseAt: Math.max(c.lastPurchaseAt ?? e.at, e.at),
        });
      } else {
        const id = e.data.subscriptionId as string;
        const term =
          e.type === 'subscription.started'
            ? { interval: e.data.interval ?? 'month', intervalCount: e.data.intervalCount ?? 1 }
            : (c.subscriptions[id] ?? { interval: 'month', intervalCount: 1 });
        n = deadlines({
          ...c,
          subscriptions: { ...c.subscriptions, [id]: term },
          paidUntil: addInterval(
            Math.max(e.at, c.paidUntil ?? e.at),
            term.interval as BillingInterval,
            term.intervalCount,
          ),
        });
      }
      if (v === 'churned')
        return ms('reactivated', { ...n, reactivations: c.reactivations + 1, wakeAt: n.atRiskAt });
      return ms('active', { ...n, wakeAt: n.atRiskAt });
    }
    case 'subscription.cancelled': {
      if (v === 'prospect' || v === 'churned') return s;
      const id = e.data.subscriptionId as string;
      const { [id]: _gone, ...rest } = c.subscriptions;
      const last = id in c.subscriptions && Object.keys(c.subscriptions).length === 1;
      const n = deadlines({
        ...c,
        subscriptions: rest,
        paidUntil: Object.keys(rest).length === 0 ? null : c.paidUntil,
      });
      if (last) return ms('churned', { ...n, wakeAt: null, churns: c.churns + 1 });
      return ms(v, { ...n, wakeAt: v === 'atRisk' ? n.churnAt : n.atRiskAt });
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

function handExtension(s: MachineState, e: Ev): MachineState {
  const c = s.context as Ctx;
  const v = s.value;
  switch (e.type) {
    case 'purchase': {
      const items = (e.data.items ?? []) as { productId: string; category?: string }[];
      const categories = [
        ...new Set(items.flatMap((item) => (item.category ? [item.category] : []))),
      ];
      const isNew =
        c.categories.length > 0 && categories.some((cat) => !c.categories.includes(cat));
      const n = {
        ...c,
        purchases: c.purchases + 1,
        categories: union(c.categories, categories),
        products: union(
          c.products,
          items.map((item) => item.productId),
        ),
      };
      if (v === 'none') return ms('first', n);
      if (isNew) return ms('expanded', { ...n, expansions: c.expansions + 1 });
      return ms(v === 'first' ? 'repeat' : v, n);
    }
    case 'subscription.started': {
      const n = { ...c, purchases: c.purchases + 1, plans: union(c.plans, [e.data.plan]) };
      return v === 'none' ? ms('first', n) : ms('expanded', { ...n, expansions: c.expansions + 1 });
    }
    case 'subscription.changed': {
      if (v === 'none') return s;
      const n = { ...c, plans: union(c.plans, [e.data.plan]) };
      if (e.data.change === 'upgrade')
        return ms('expanded', { ...n, expansions: c.expansions + 1 });
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

const LEARN = new Set(['lead.captured', 'lead.contacted', 'lead.qualified', 'opportunity.opened']);
const CHOOSE = new Set(['purchase', 'subscription.started', 'opportunity.won']);
const USE = new Set(['usage.login', 'usage.feature', 'subscription.renewed', 'support.resolved']);
const FEEDBACK = new Set(['survey.answered', 'review', 'referral', 'collaboration']);

function handEngagement(s: MachineState, e: Ev): MachineState {
  const c = s.context as Ctx;
  const v = s.value;
  const type = e.type;
  if (type === 'clock') {
    return v !== 'droppedOut' && c.wakeAt !== null && e.at >= c.wakeAt
      ? ms('droppedOut', { ...c, dropOuts: c.dropOuts + 1, wakeAt: null, uses: 0 })
      : s;
  }
  const kind =
    type === 'touchpoint'
      ? 'discover'
      : LEARN.has(type)
        ? 'learn'
        : CHOOSE.has(type)
          ? 'choose'
          : USE.has(type)
            ? 'use'
            : FEEDBACK.has(type)
              ? 'feedback'
              : '';
  if (kind === '') return s;
  const last = Math.max(c.lastActivityAt ?? e.at, e.at);
  const t = { ...c, lastActivityAt: last, wakeAt: last + c.dropOutAfterMs };
  const cycle = () => ({ ...t, cycles: c.cycles + 1, uses: 0 });
  if (v === 'droppedOut') {
    if (kind === 'feedback') return s;
    if (kind === 'choose') return ms('choose', { ...cycle(), uses: 0 });
    return ms(kind, cycle());
  }
  if (kind === 'discover')
    return v === 'engage' || v === 'advocate' ? ms('discover', cycle()) : ms(v, t);
  if (kind === 'learn') return ms(v === 'discover' ? 'learn' : v, t);
  if (kind === 'choose' || kind === 'use') {
    if (v === 'discover' || v === 'learn')
      return kind === 'choose' ? ms('choose', { ...t, uses: 0 }) : ms(v, t);
    if (v === 'choose') return ms('use', { ...t, uses: c.uses + 1 });
    if (v === 'use')
      return ms(c.uses + 1 >= c.engagedAfterUses ? 'engage' : 'use', { ...t, uses: c.uses + 1 });
    return ms(v, { ...t, uses: c.uses + 1 });
  }
  const f = feedback(e);
  if (v === 'choose' || v === 'use' || v === 'engage') {
    if (f === 'advocacy') return ms('advocate', { ...t, advocacy: c.advocacy + 1 });
    if (f === 'positive' && v !== 'engage') return ms('engage', t);
    return ms(v, t);
  }
  if (v === 'advocate') {
    if (f === 'advocacy') return ms(v, { ...t, advocacy: c.advocacy + 1 });
    if (f === 'detractor') return ms('engage', t);
  }
  return ms(v, t);
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
  const r = (state.machines.retention!.context as Ctx).wakeAt as number | null;
  const g = (state.machines.engagement!.context as Ctx).wakeAt as number | null;
  if (r === null) return g ?? undefined;
  return g === null ? r : Math.min(r, g);
}

// ------------------------------------------------------------------ runs

async function main(): Promise<void> {
  const customers = 40_000;
  const histories = generateHistories(customers, 20_261_123);
  const streams = withClocks(histories, Date.UTC(2027, 0, 1));
  const total = streams.reduce((sum, stream) => sum + stream.length, 0);
  const lifecycle = compileLifecycle(defaultLifecycle);
  const initial = lifecycle.initial();

  // The baseline must compute the same thing: compare final stages, values and contexts.
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
  for (let round = 0; round < rounds; round++) {
    handBest = Math.min(
      handBest,
      (await measure(() => foldAll((s, e) => handTransition(s, e as Ev)))).seconds,
    );
    compiledBest = Math.min(
      compiledBest,
      (await measure(() => foldAll(lifecycle.transition))).seconds,
    );
  }
  const handRate = total / handBest;
  const compiledRate = total / compiledBest;

  // XState is ~100x slower: time it on a slice of the customers.
  const slice = streams.slice(0, 2_000);
  const sliceEvents = slice.reduce((sum, stream) => sum + stream.length, 0);
  const machines = Object.entries(defaultLifecycle.machines);
  const pure = await measure(() => {
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
  const actors = await measure(() => {
    for (const stream of slice) {
      const refs = machines.map(([, machine]) => createActor(machine).start());
      for (const event of stream) for (const ref of refs) ref.send(event as never);
      for (const ref of refs) ref.stop();
    }
  });
  const pureRate = sliceEvents / pure.seconds;
  const actorRate = sliceEvents / actors.seconds;
  const ratio = (rate: number) => `${(rate / handRate).toFixed(3)}x of reducer`;

  report(
    `machines: default lifecycle replay (${customers.toLocaleString('en-US')} customers, ${total.toLocaleString('en-US')} events incl. clocks, 4 machines per event; best of ${rounds})`,
    [
      {
        case: 'hand-written switch reducer (baseline)',
        value: handRate,
        unit: 'events/s',
        ratio: '1x',
      },
      {
        case: 'compileLifecycle(defaultLifecycle).transition',
        value: compiledRate,
        unit: 'events/s',
        ratio: ratio(compiledRate),
        target: `${target(compiledRate, 2_000_000)}; within 3x of reducer: ${handRate / compiledRate <= 3 ? 'met' : 'NOT met'}`,
        note: `reducer is ${(handRate / compiledRate).toFixed(2)}x faster`,
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

export { generateHistories, handTransition, withClocks };
