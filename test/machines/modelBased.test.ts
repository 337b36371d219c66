import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import {
  acquisitionMachine,
  type CompiledLifecycle,
  compileLifecycle,
  defineLifecycle,
  engagementMachine,
  extensionMachine,
  type LifecycleEvent,
  type LifecycleState,
  partnershipMachine,
  retentionMachine,
  supportMachine,
} from '../../src/machines/index.js';
import * as e from './eventBuilders.js';

/**
 * Model-based tests (fast-check `fc.commands`, as in its examples/004-stateMachine): each
 * machine runs alone in a one-machine lifecycle, random commands send events, and after each
 * command the compiled machine's state must equal that of a small independent model written
 * from the specification. Every leaf state (enumerated with xstate/graph) must be reached.
 */

interface Real {
  readonly lifecycle: CompiledLifecycle;
  state: LifecycleState;
  now: number;
}

interface Model {
  value: string;
}

const HOUR = 3_600_000;

class Send<M extends Model> implements fc.Command<M, Real> {
  constructor(
    private readonly spec: Spec<M>,
    private readonly label: string,
    private readonly gapHours: number,
    private readonly make: (at: number) => LifecycleEvent,
    private readonly next: (model: M) => void,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: M, real: Real): void {
    real.now += this.gapHours * HOUR;
    real.state = real.lifecycle.transition(real.state, this.make(real.now));
    this.next(model);
    this.spec.expectAgrees(model, real);
  }
  toString(): string {
    return `${this.label} +${this.gapHours}h`;
  }
}

/** The projection's clock: nothing changes before wakeAt; at wakeAt the model's `wake` applies. */
class Wake<M extends Model> implements fc.Command<M, Real> {
  constructor(private readonly spec: Spec<M>) {}
  check(): boolean {
    return true;
  }
  run(model: M, real: Real): void {
    const wakeAt = real.lifecycle.wakeAt(real.state);
    if (wakeAt === undefined) {
      expect(this.spec.sleeps(model)).toBe(true);
      const later = real.lifecycle.transition(real.state, e.clock(real.now + 3650 * 24 * HOUR));
      expect(later).toBe(real.state);
      return;
    }
    expect(this.spec.sleeps(model)).toBe(false);
    expect(real.lifecycle.transition(real.state, e.clock(wakeAt - 1))).toBe(real.state);
    real.now = Math.max(real.now, wakeAt);
    real.state = real.lifecycle.transition(real.state, e.clock(wakeAt));
    this.spec.wake(model);
    this.spec.expectAgrees(model, real);
    const next = real.lifecycle.wakeAt(real.state);
    if (next !== undefined) expect(next).toBeGreaterThan(wakeAt);
  }
  toString(): string {
    return 'wake';
  }
}

interface Spec<M extends Model> {
  readonly id: string;
  readonly machine: AnyStateMachine;
  initial(): M;
  /** Event commands: [label, event builder, model transition]. */
  events: ReadonlyArray<fc.Arbitrary<[string, (at: number) => LifecycleEvent, (model: M) => void]>>;
  /** True when no clock can change the machine in this model state. */
  sleeps(model: M): boolean;
  wake(model: M): void;
  expectAgrees(model: M, real: Real): void;
}

function runModel<M extends Model>(spec: Spec<M>, visited: Set<string>, numRuns: number) {
  const lifecycle = compileLifecycle(
    defineLifecycle({
      name: `only-${spec.id}`,
      machines: { [spec.id]: spec.machine },
      stages: ['any'],
      stageOf: () => 'any',
    }),
  );
  const gap = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 24 * 60 }));
  const commands = [
    ...spec.events.map((arbitrary) =>
      fc
        .tuple(arbitrary, gap)
        .map(([[label, make, next], gapHours]) => new Send(spec, label, gapHours, make, next)),
    ),
    fc.constant(new Wake(spec)),
  ];
  fc.assert(
    fc.property(fc.commands(commands, { maxCommands: 40, size: 'max' }), (cmds) => {
      const real: Real = { lifecycle, state: lifecycle.initial(), now: Date.UTC(2026, 0, 1) };
      const model = spec.initial();
      expect(real.state.machines[spec.id]?.value).toBe(model.value);
      visited.add(model.value);
      fc.modelRun(() => ({ model, real }), cmds);
    }),
    { numRuns },
  );
}

function leafValues(machine: AnyStateMachine): string[] {
  return getStateNodes(machine.root)
    .filter((node) => node.type === 'atomic')
    .map((node) => node.path.join('.'));
}

function describeMachine<M extends Model>(spec: Spec<M>, numRuns = 150) {
  describe(`model-based: ${spec.id} machine`, () => {
    const visited = new Set<string>();
    const tracked: Spec<M> = {
      ...spec,
      expectAgrees: (model, real) => {
        spec.expectAgrees(model, real);
        visited.add(model.value);
      },
    };
    it('behaves like its model under random commands', () => runModel(tracked, visited, numRuns));
    it('reaches every one of its states in those runs, or in more of them', () => {
      // A state behind a long path (acquisition's lost: lead, qualified, opportunity, lost) is
      // now and then missed by one batch of random runs; more batches find it if it can be reached.
      const states = leafValues(spec.machine).sort();
      for (let batch = 0; batch < 10 && visited.size < states.length; batch++) {
        runModel(tracked, visited, numRuns);
      }
      expect([...visited].sort()).toEqual(states);
    });
  });
}

const valueIs = (id: string) => (model: Model, real: Real) =>
  expect(real.state.machines[id]?.value).toBe(model.value);

/** An event command whose model transition is a function of the model's value only. */
function on<M extends Model>(
  label: string,
  make: (at: number) => LifecycleEvent,
  table: (value: string, model: M) => string | undefined,
): fc.Arbitrary<[string, (at: number) => LifecycleEvent, (model: M) => void]> {
  return fc.constant([
    label,
    make,
    (model: M) => {
      model.value = table(model.value, model) ?? model.value;
    },
  ]);
}

// ---------------------------------------------------------------- acquisition
interface AcquisitionModel extends Model {
  opportunity: string | null;
}
const preCustomer = (v: string) => v !== 'customer';
describeMachine<AcquisitionModel>({
  id: 'acquisition',
  machine: acquisitionMachine,
  initial: () => ({ value: 'reach', opportunity: null }),
  events: [
    on('touchpoint', e.touchpoint, (v) =>
      v === 'lead.unqualified' || v === 'lost' ? 'lead.open' : v,
    ),
    on('lead.captured', e.leadCaptured, (v) =>
      v === 'reach' || v === 'lead.unqualified' || v === 'lost' ? 'lead.open' : v,
    ),
    on('lead.contacted', e.leadContacted, (v) =>
      ['reach', 'lead.open', 'lead.unqualified'].includes(v) ? 'lead.contacted' : v,
    ),
    on('lead.qualified', e.leadQualified, (v) =>
      ['reach', 'lead.open', 'lead.contacted', 'lead.unqualified'].includes(v)
        ? 'lead.qualified'
        : v,
    ),
    on('lead.disqualified', e.leadDisqualified, (v) =>
      v === 'reach' || v.startsWith('lead.') ? 'lead.unqualified' : v,
    ),
    fc.constantFrom('o1', 'o2').map((id) => [
      `opportunity.opened ${id}`,
      (at: number) => e.opportunityOpened(at, id),
      (model: AcquisitionModel) => {
        if (preCustomer(model.value)) {
          model.value = 'opportunity';
          model.opportunity = id;
        }
      },
    ]),
    fc.constantFrom('o1', 'o2').map((id) => [
      `opportunity.lost ${id}`,
      (at: number) => e.opportunityLost(at, id),
      (model: AcquisitionModel) => {
        if (model.value === 'opportunity' && (model.opportunity ?? id) === id) model.value = 'lost';
      },
    ]),
    on(
      'opportunity.won',
      (at) => e.opportunityWon(at),
      () => 'customer',
    ),
    on(
      'purchase',
      (at) => e.purchase(at),
      () => 'customer',
    ),
    on(
      'subscription.started',
      (at) => e.subscriptionStarted(at),
      () => 'customer',
    ),
  ],
  sleeps: () => true,
  wake: () => {},
  expectAgrees: valueIs('acquisition'),
});

// ---------------------------------------------------------------- retention
interface RetentionModel extends Model {
  subscriptions: Set<string>;
}
const afterActivity = (v: string) =>
  v === 'churned'
    ? 'reactivated'
    : v === 'prospect' || v === 'atRisk' || v === 'reactivated'
      ? 'active'
      : v;
describeMachine<RetentionModel>({
  id: 'retention',
  machine: retentionMachine,
  initial: () => ({ value: 'prospect', subscriptions: new Set() }),
  events: [
    on('purchase', (at) => e.purchase(at), afterActivity),
    ...(['started', 'renewed'] as const).map((kind) =>
      fc.constantFrom('s1', 's2').map(
        (id) =>
          [
            `subscription.${kind} ${id}`,
            (at: number) =>
              kind === 'started'
                ? e.subscriptionStarted(at, id, 'week')
                : e.subscriptionRenewed(at, id),
            (model: RetentionModel) => {
              model.value = afterActivity(model.value);
              model.subscriptions.add(id);
            },
          ] as [string, (at: number) => LifecycleEvent, (model: RetentionModel) => void],
      ),
    ),
    fc.constantFrom('s1', 's2').map((id) => [
      `subscription.cancelled ${id}`,
      (at: number) => e.subscriptionCancelled(at, id),
      (model: RetentionModel) => {
        if (model.value === 'prospect' || model.value === 'churned') return;
        if (model.subscriptions.has(id) && model.subscriptions.size === 1) model.value = 'churned';
        model.subscriptions.delete(id);
      },
    ]),
  ],
  sleeps: (model) => model.value === 'prospect' || model.value === 'churned',
  wake: (model) => {
    model.value = model.value === 'atRisk' ? 'churned' : 'atRisk';
  },
  expectAgrees: valueIs('retention'),
});

// ---------------------------------------------------------------- extension
interface ExtensionModel extends Model {
  categories: Set<string>;
}
describeMachine<ExtensionModel>({
  id: 'extension',
  machine: extensionMachine,
  initial: () => ({ value: 'none', categories: new Set() }),
  events: [
    fc.constantFrom(undefined, 'books', 'music', 'games').map((category) => [
      `purchase ${category ?? '(no items)'}`,
      (at: number) => e.purchase(at, category),
      (model: ExtensionModel) => {
        const isNew =
          category !== undefined && model.categories.size > 0 && !model.categories.has(category);
        if (model.value === 'none') model.value = 'first';
        else if (isNew) model.value = 'expanded';
        else if (model.value === 'first') model.value = 'repeat';
        if (category !== undefined) model.categories.add(category);
      },
    ]),
    on(
      'subscription.started',
      (at) => e.subscriptionStarted(at),
      (v) => (v === 'none' ? 'first' : 'expanded'),
    ),
    on(
      'subscription.renewed',
      (at) => e.subscriptionRenewed(at),
      (v) => (v === 'none' ? 'first' : v === 'first' ? 'repeat' : v),
    ),
    on(
      'upgrade',
      (at) => e.subscriptionChanged(at, 'upgrade'),
      (v) => (v === 'first' || v === 'repeat' ? 'expanded' : v),
    ),
    on(
      'downgrade',
      (at) => e.subscriptionChanged(at, 'downgrade'),
      (v) => (v === 'expanded' ? 'repeat' : v),
    ),
  ],
  sleeps: () => true,
  wake: () => {},
  expectAgrees: valueIs('extension'),
});

// ---------------------------------------------------------------- engagement
interface EngagementModel extends Model {
  uses: number;
  active: boolean;
}
const ENGAGED_AFTER = 3;
function engagementEvent(
  label: string,
  make: (at: number) => LifecycleEvent,
  next: (model: EngagementModel) => void,
) {
  return fc.constant([
    label,
    make,
    (model: EngagementModel) => {
      const wasDroppedOut = model.value === 'droppedOut';
      next(model);
      // Every handled event counts as activity, except what a dropped-out customer ignores.
      if (!wasDroppedOut || model.value !== 'droppedOut') model.active = true;
    },
  ] as [string, (at: number) => LifecycleEvent, (model: EngagementModel) => void]);
}
function use(model: EngagementModel) {
  if (model.value === 'choose') {
    model.value = 'use';
    model.uses = 1;
  } else if (model.value === 'use') {
    model.uses++;
    if (model.uses >= ENGAGED_AFTER) model.value = 'engage';
  } else if (model.value === 'droppedOut') {
    model.value = 'use';
    model.uses = 0;
  }
}
function feedback(kind: 'advocacy' | 'positive' | 'detractor' | 'neutral') {
  return (model: EngagementModel) => {
    const v = model.value;
    if (v === 'droppedOut') return;
    if ((v === 'choose' || v === 'use' || v === 'engage') && kind === 'advocacy')
      model.value = 'advocate';
    else if ((v === 'choose' || v === 'use') && kind === 'positive') model.value = 'engage';
    else if (v === 'advocate' && kind === 'detractor') model.value = 'engage';
  };
}
describeMachine<EngagementModel>({
  id: 'engagement',
  machine: engagementMachine,
  initial: () => ({ value: 'discover', uses: 0, active: false }),
  events: [
    engagementEvent('touchpoint', e.touchpoint, (model) => {
      if (['engage', 'advocate', 'droppedOut'].includes(model.value)) model.value = 'discover';
    }),
    engagementEvent('lead.captured', e.leadCaptured, (model) => {
      if (model.value === 'discover' || model.value === 'droppedOut') model.value = 'learn';
    }),
    engagementEvent(
      'purchase',
      (at) => e.purchase(at),
      (model) => {
        if (['discover', 'learn', 'droppedOut'].includes(model.value)) {
          model.value = 'choose';
          model.uses = 0;
        } else use(model);
      },
    ),
    engagementEvent('usage.login', e.login, use),
    engagementEvent('nps 10', (at) => e.nps(at, 10), feedback('advocacy')),
    engagementEvent('nps 8', (at) => e.nps(at, 8), feedback('positive')),
    engagementEvent('nps 3', (at) => e.nps(at, 3), feedback('detractor')),
    engagementEvent('review 5', (at) => e.review(at, 5), feedback('advocacy')),
    engagementEvent('review 3', (at) => e.review(at, 3), feedback('neutral')),
    engagementEvent('csat 5', (at) => e.csat(at, 5), feedback('positive')),
    engagementEvent('referral', e.referral, feedback('advocacy')),
  ],
  sleeps: (model) => model.value === 'droppedOut' || !model.active,
  wake: (model) => {
    model.value = 'droppedOut';
    model.uses = 0;
  },
  expectAgrees: (model, real) => {
    expect(real.state.machines.engagement?.value).toBe(model.value);
    if (['choose', 'use'].includes(model.value)) {
      expect((real.state.machines.engagement!.context as { uses: number }).uses).toBe(model.uses);
    }
  },
});

// ---------------------------------------------------------------- support
interface SupportModel extends Model {
  open: string[];
  urgent: string[];
}
describeMachine<SupportModel>({
  id: 'support',
  machine: supportMachine,
  initial: () => ({ value: 'none', open: [], urgent: [] }),
  events: [
    fc
      .tuple(fc.constantFrom('k1', 'k2'), fc.constantFrom('normal', 'urgent'))
      .map(([id, priority]) => [
        `support.opened ${id} ${priority}`,
        (at: number) =>
          e.event('support.opened', at, { caseId: id, priority: priority as 'normal' | 'urgent' }),
        (model: SupportModel) => {
          if (!model.open.includes(id)) model.open.push(id);
          if (priority === 'urgent' && !model.urgent.includes(id)) model.urgent.push(id);
          model.value = model.urgent.length > 0 ? 'open.urgent' : 'open.normal';
        },
      ]),
    fc.constantFrom('k1', 'k2').map((id) => [
      `support.resolved ${id}`,
      (at: number) => e.supportResolved(at, id),
      (model: SupportModel) => {
        if (!model.value.startsWith('open.') || !model.open.includes(id)) return;
        model.open = model.open.filter((other) => other !== id);
        model.urgent = model.urgent.filter((other) => other !== id);
        if (model.open.length === 0) model.value = 'resolved';
        else if (model.urgent.length === 0) model.value = 'open.normal';
      },
    ]),
  ],
  sleeps: () => true,
  wake: () => {},
  expectAgrees: (model, real) => {
    expect(real.state.machines.support?.value).toBe(model.value);
    expect((real.state.machines.support!.context as { openCases: string[] }).openCases).toEqual(
      model.open,
    );
  },
});

// ---------------------------------------------------------------- partnership
describeMachine<Model>(
  {
    id: 'partnership',
    machine: partnershipMachine,
    initial: () => ({ value: 'none' }),
    events: [
      on('collaboration', e.collaboration, () => 'mate'),
      on('referral', e.referral, (v) => v),
    ],
    sleeps: () => true,
    wake: () => {},
    expectAgrees: valueIs('partnership'),
  },
  30,
);
