import { describe, expect, it } from 'vitest';
import {
  type AnyStateMachine,
  assign,
  createMachine,
  enqueueActions,
  fromPromise,
  setup,
} from 'xstate';
import { isTenureError } from '../../src/errors/index.js';
import {
  compileLifecycle,
  defineLifecycle,
  LifecycleDefinitionError,
  type LifecycleEvent,
} from '../../src/machines/index.js';
import { day, featureUsed, login, touchpoint } from './eventBuilders.js';

const single = (machine: AnyStateMachine) =>
  defineLifecycle({ name: 'mine', machines: { m: machine }, stages: ['a'], stageOf: () => 'a' });

function expectRejected(machine: AnyStateMachine, pattern: RegExp) {
  let caught: unknown;
  try {
    single(machine);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LifecycleDefinitionError);
  expect(isTenureError(caught, 'TENURE_INVALID_LIFECYCLE')).toBe(true);
  expect((caught as Error).message).toMatch(/lifecycle "mine", machine "m"/);
  expect((caught as Error).message).toMatch(pattern);
}

describe('defineLifecycle', () => {
  it('rejects machine features the compiled path cannot reproduce, naming the state and fix', () => {
    expectRejected(
      createMachine({ initial: 'a', states: { a: { after: { 1000: 'b' } }, b: {} } }),
      /state "a" uses an "after" timer.*clock/,
    );
    expectRejected(
      createMachine({ initial: 'a', states: { a: { always: 'b' }, b: {} } }),
      /state "a" has eventless/,
    );
    expectRejected(createMachine({ type: 'parallel', states: { a: {}, b: {} } }), /parallel state/);
    expectRejected(
      createMachine({ initial: 'a', states: { a: { type: 'final' } } }),
      /final state/,
    );
    expectRejected(
      setup({ actors: { load: fromPromise(async () => 1) } }).createMachine({
        initial: 'a',
        states: { a: { invoke: { src: 'load' } } },
      }),
      /state "a" invokes an actor/,
    );
    expectRejected(
      createMachine({ initial: 'a', states: { a: { on: { x: { actions: () => {} } } } } }),
      /on "x" in state "a".*not an assign\(\) action/,
    );
    expectRejected(
      createMachine({ initial: 'a', states: { a: { on: { x: { guard: 'missing' } } } } }),
      /guard "missing".*not implemented/,
    );
  });

  it('says what to write instead of parallel, history and final states, always and onDone', () => {
    expectRejected(
      createMachine({
        initial: 'plan',
        states: {
          plan: {
            type: 'parallel',
            states: {
              billing: { initial: 'ok', states: { ok: {} } },
              usage: { initial: 'low', states: { low: {} } },
            },
          },
        },
      }),
      /state "plan" is a parallel state; .*make each region \(billing, usage\) a machine of its own/,
    );
    expectRejected(
      createMachine({
        initial: 'a',
        states: { a: { initial: 'b', states: { b: {}, back: { type: 'history' } } } },
      }),
      /state "a\.back" is a history state; .*keep the state to return to in the context/,
    );
    expectRejected(
      createMachine({
        initial: 'a',
        states: { a: { on: { x: 'gone' } }, gone: { type: 'final' } },
      }),
      /state "gone" is a final state; .*make it a state without transitions/,
    );
    expectRejected(
      createMachine({ initial: 'a', states: { a: { always: { target: 'b' } }, b: {} } }),
      /state "a" has eventless \("always"\) transitions, which are not supported: give their guards and targets to the transitions that enter it/,
    );
    expectRejected(
      createMachine({
        initial: 'a',
        states: { a: { initial: 'b', onDone: 'c', states: { b: {} } }, c: {} },
      }),
      /state "a" has onDone, .*target the next state from the transition that completes it\.$/,
    );
  });

  it('names a refused action as it was written: a misspelt name, an inline function, a built-in', () => {
    // XState skips an action it cannot find; the replay must not, and must say why.
    expectRejected(
      createMachine({ initial: 'a', states: { a: { on: { x: { actions: 'countLogni' } } } } }),
      /action "countLogni" \(on "x" in state "a"\) is not implemented; add it to setup\(\{ actions \}\) as an assign\(\)\.$/,
    );
    expectRejected(
      createMachine({
        initial: 'a',
        states: { a: { on: { x: { actions: { type: 'countLogni', params: {} } } } } },
      }),
      /action "countLogni" .* is not implemented/,
    );
    // An inline function's name is the key it was written at ("actions"), or none in an array.
    expectRejected(
      createMachine({ initial: 'a', states: { a: { on: { x: { actions: () => {} } } } } }),
      /: an inline action \(on "x" in state "a"\) is not an assign\(\) action\./,
    );
    expectRejected(
      createMachine({ initial: 'a', states: { a: { on: { x: { actions: [() => {}] } } } } }),
      /: an inline action \(on "x" in state "a"\) is not an assign\(\) action\./,
    );
    expectRejected(
      createMachine({
        context: { n: 0 },
        initial: 'a',
        states: {
          a: {
            on: { x: { actions: enqueueActions(({ enqueue }) => enqueue.assign({ n: 1 })) } },
          },
        },
      }),
      /action "enqueueActions" \(on "x" in state "a"\) is not an assign\(\) action\./,
    );
  });

  it('refuses a transition to the root or to several states, saying what to target instead', () => {
    expectRejected(
      createMachine({
        id: 'trial',
        initial: 'visitor',
        states: { visitor: { on: { x: 'paying' } }, paying: { on: { y: '#trial' } } },
      }),
      /the transition on "y" in state "paying" targets the root, which is not supported; target the state to start over in instead \(e\.g\. "#trial\.visitor"\)\.$/,
    );
    expectRejected(
      createMachine({
        initial: 'a',
        on: { x: { target: ['.p.q.one', '.p.r.one'] } },
        states: {
          a: {},
          p: {
            type: 'parallel',
            states: {
              q: { initial: 'one', states: { one: {} } },
              r: { initial: 'one', states: { one: {} } },
            },
          },
        },
      }),
      /the transition on "x" in state "\(root\)" has several targets \(states of parallel regions, which are not supported\); give it one target\.$/,
    );
  });

  it('refuses a state named with a ".", which would read as a nested state', () => {
    // Beside a state "a" with a child "b", XState keeps "a.b" and a.b apart; a dotted value
    // cannot: the compiled replay took the child b's purchase transition in "a.b" (to a.c).
    expectRejected(
      createMachine({
        initial: 'a.b',
        states: {
          'a.b': { on: { 'usage.login': '#inner' } },
          a: { initial: 'b', states: { b: { id: 'inner', on: { purchase: 'c' } }, c: {} } },
        },
      } as never),
      /state "a\.b" has a "\." in its name \("a\.b"\), which tenure reads as nested states .*rename it, e\.g\. "a_b"/,
    );
    expectRejected(
      createMachine({ initial: 'p', states: { p: { initial: 'v1.2', states: { 'v1.2': {} } } } }),
      /state "p\.v1\.2" has a "\." in its name \("v1\.2"\)/,
    );
  });

  it('refuses the actor of an assign (spawn, self, system) when the replay runs it, naming the machine and transition', () => {
    const actors = setup({
      types: { context: {} as { child: unknown; who: unknown }, events: {} as LifecycleEvent },
      actions: { track: assign({ child: ({ spawn }) => spawn(fromPromise(async () => 1)) }) },
    }).createMachine({
      context: { child: null, who: null },
      initial: 'a',
      states: {
        a: {
          on: {
            'usage.login': { actions: 'track' },
            'usage.feature': { actions: assign({ who: ({ self }) => self.id }) },
            touchpoint: { target: 'b' },
          },
        },
        b: { entry: assign(({ system }) => ({ who: system.get('x') ?? null })) },
      },
    });
    const lifecycle = compileLifecycle(single(actors));
    const refusal = (event: LifecycleEvent): unknown => {
      try {
        lifecycle.transition(lifecycle.initial(), event);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const spawned = refusal(login(day(0)));
    expect(spawned).toBeInstanceOf(LifecycleDefinitionError);
    expect((spawned as Error).message).toBe(
      'transition: lifecycle "mine", machine "m": action "track" (on "usage.login" in state "a") calls spawn(); lifecycle machines are replayed without an actor (no spawned children, no self or system): keep what it needs in the context.',
    );
    const self = refusal(featureUsed(day(0)));
    expect(self).toBeInstanceOf(LifecycleDefinitionError);
    expect((self as Error).message).toMatch(
      /the assign \(on "usage.feature" in state "a"\) reads self;/,
    );
    const system = refusal(touchpoint(day(0)));
    expect(system).toBeInstanceOf(LifecycleDefinitionError);
    expect((system as Error).message).toMatch(
      /the assign \(on "touchpoint" in state "a"\) reads system;/,
    );
  });

  it('refuses a context that spawns actors when the lifecycle is compiled', () => {
    const spawning = setup({
      types: { context: {} as { child: unknown } },
      actors: { load: fromPromise(async () => 1) },
    }).createMachine({ context: ({ spawn }) => ({ child: spawn('load', { id: 'loader' }) }) });
    expect(() => compileLifecycle(single(spawning))).toThrow(LifecycleDefinitionError);
    expect(() => compileLifecycle(single(spawning))).toThrow(
      'compileLifecycle: lifecycle "mine", machine "m": the initial context spawns actors (loader); lifecycle machines are replayed without actors: keep what they would track in the context.',
    );
  });

  it('validates the name, machines and stages', () => {
    const machine = createMachine({});
    expect(() =>
      defineLifecycle({ name: '', machines: { m: machine }, stages: ['a'], stageOf: () => 'a' }),
    ).toThrow(/name/);
    expect(() =>
      defineLifecycle({ name: 'x', machines: {}, stages: ['a'], stageOf: () => 'a' }),
    ).toThrow(/at least one machine/);
    expect(() =>
      defineLifecycle({ name: 'x', machines: { m: machine }, stages: [], stageOf: () => 'a' }),
    ).toThrow(/non-empty `stages`/);
    expect(() =>
      defineLifecycle({
        name: 'x',
        machines: { m: machine },
        stages: ['a', 'a'],
        stageOf: () => 'a',
      }),
    ).toThrow(/twice/);
  });

  it('takes a version of its logic, an integer >= 1 (default 1)', () => {
    const machine = createMachine({});
    const options = { name: 'x', machines: { m: machine }, stages: ['a'], stageOf: () => 'a' };
    expect(defineLifecycle(options).version).toBe(1);
    expect(defineLifecycle({ ...options, version: 3 }).version).toBe(3);
    for (const version of [0, 1.5, '2', Number.NaN]) {
      expect(() => defineLifecycle({ ...options, version: version as number })).toThrow(
        `defineLifecycle: lifecycle "x" has \`version\` ${String(version === '2' ? '"2"' : version)}; give an integer >= 1, and raise it when a change to its machines or stageOf must not resume from state saved before it.`,
      );
    }
  });

  it('takes a funnel of its stages (default: every stage), and refuses one that is not', () => {
    const machine = createMachine({});
    const define = (funnel?: readonly string[]) =>
      defineLifecycle({
        name: 'x',
        machines: { m: machine },
        stages: ['visitor', 'buyer', 'fan', 'gone'],
        ...(funnel === undefined ? {} : { funnel }),
        stageOf: () => 'visitor',
      });
    expect(define().funnel).toEqual(['visitor', 'buyer', 'fan', 'gone']);
    expect(define(['visitor', 'buyer', 'fan']).funnel).toEqual(['visitor', 'buyer', 'fan']);
    expect(compileLifecycle(define(['buyer', 'fan'])).funnel).toEqual(['buyer', 'fan']);
    for (const funnel of [['visitor', 'fans'], ['buyer', 'buyer'], []]) {
      expect(() => define(funnel)).toThrow(LifecycleDefinitionError);
    }
    expect(() => define(['visitor', 'fans'])).toThrow(
      'defineLifecycle: lifecycle "x" has `funnel` ["visitor","fans"]; list some of its stages (visitor, buyer, fan, gone), each once, in the order customers reach them.',
    );
  });

  it('rejects a stage function that returns an unknown stage when it is called', () => {
    const lifecycle = compileLifecycle(
      defineLifecycle({
        name: 'x',
        machines: { m: createMachine({}) },
        stages: ['a'],
        stageOf: () => 'b',
      }),
    );
    expect(() => lifecycle.stageOf(lifecycle.initial())).toThrow(/returned the stage "b"/);
  });

  it('compiles a user-defined machine with guards, params and assigns', () => {
    const trial = setup({
      types: { context: {} as { logins: number }, events: {} as LifecycleEvent },
      guards: {
        atLeast: ({ context }, params: { logins: number }) => context.logins + 1 >= params.logins,
      },
    }).createMachine({
      context: { logins: 0 },
      initial: 'trialing',
      states: {
        trialing: {
          on: {
            'usage.login': [
              {
                guard: { type: 'atLeast', params: { logins: 2 } },
                target: 'activated',
                actions: assign({ logins: ({ context }) => context.logins + 1 }),
              },
              { actions: assign({ logins: ({ context }) => context.logins + 1 }) },
            ],
          },
        },
        activated: {},
      },
    });
    const definition = defineLifecycle({
      name: 'trial',
      machines: { trial },
      stages: ['trial', 'activated'],
      stageOf: (state) => (state.machines.trial?.value === 'activated' ? 'activated' : 'trial'),
    });
    const lifecycle = compileLifecycle(definition);
    const once = lifecycle.transition(lifecycle.initial(), login(day(0)));
    expect(lifecycle.stageOf(once)).toBe('trial');
    const twice = lifecycle.transition(once, login(day(1)));
    expect(lifecycle.stageOf(twice)).toBe('activated');
    expect(twice.machines.trial).toEqual({ value: 'activated', context: { logins: 2 } });
  });

  it('rejects input for machines the lifecycle does not have, and invalid input values', () => {
    const definition = single(createMachine({}));
    expect(() => compileLifecycle(definition, { input: { nope: {} } })).toThrow(
      /options.input.nope names no machine/,
    );
  });

  it('rejects a state that does not belong to the lifecycle', () => {
    const lifecycle = compileLifecycle(
      single(createMachine({ initial: 'a', states: { a: { on: { 'usage.login': 'b' } }, b: {} } })),
    );
    expect(() =>
      lifecycle.transition({ machines: { m: { value: 'zzz', context: {} } } }, login(day(0))),
    ).toThrow(/has no state "zzz"/);
  });
});
