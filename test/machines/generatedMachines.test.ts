import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyStateMachine,
  and,
  assign,
  initialTransition,
  not,
  or,
  setup,
  transition,
} from 'xstate';
import { type FoldingState, inPlaceStepsOf } from '../../src/machines/compileLifecycle.js';
import { compileLifecycle, defineLifecycle, formatStateValue } from '../../src/machines/index.js';

/**
 * Machines as users write them, generated: nested states (to depth 3), entry, exit and initial
 * actions, transitions to any state by #id (or none), reentering or not, several per event with
 * guards (named with params, computed params, and/or/not, inline), wildcard descriptors, and
 * assigns in both forms with static and computed params. Whatever defineLifecycle accepts must
 * replay as XState's transition() does.
 */
interface NodeSpec {
  readonly children: readonly NodeSpec[];
  readonly entry: readonly number[];
  readonly exit: readonly number[];
  readonly initial: number;
  readonly initialActions: readonly number[];
  readonly on: readonly (readonly [string, readonly TransitionSpec[]])[];
}
interface TransitionSpec {
  readonly target: number | undefined;
  readonly reenter: boolean;
  readonly guard: number | undefined;
  readonly actions: readonly number[];
}

const EVENTS = ['a', 'b', 'p.x', 'p.y', 'p.x.z', 'clock'] as const;
const DESCRIPTORS = ['a', 'b', 'p.x', 'p.*', 'p.x.*', '*', 'clock'] as const;

const actionsArb = fc.array(fc.nat(6), { maxLength: 2 });
const transitionArb: fc.Arbitrary<TransitionSpec> = fc.record({
  target: fc.option(fc.nat(), { nil: undefined }),
  reenter: fc.boolean(),
  guard: fc.option(fc.nat(5), { nil: undefined }),
  actions: actionsArb,
});
const nodeArb = (depth: number): fc.Arbitrary<NodeSpec> =>
  fc.record({
    children:
      depth >= 3
        ? fc.constant([])
        : fc.array(nodeArb(depth + 1), { minLength: depth === 0 ? 2 : 0, maxLength: 3 }),
    entry: actionsArb,
    exit: actionsArb,
    initial: fc.nat(),
    initialActions: actionsArb,
    on: fc.array(
      fc.tuple(
        fc.constantFrom(...DESCRIPTORS),
        fc.array(transitionArb, { minLength: 1, maxLength: 3 }),
      ),
      { maxLength: 3 },
    ),
  });

interface Context {
  readonly n: number;
  readonly flag: boolean;
  readonly trail: readonly string[];
  readonly last: string | null;
}
const base = setup({
  types: { context: {} as Context },
  guards: {
    mod: ({ context }, params: { m: number; r: number }) => context.n % params.m === params.r,
    flag: ({ context }) => context.flag,
    isP: ({ event }) => event.type.startsWith('p.'),
  },
  actions: {
    bump: assign({ n: ({ context }, params: { by: number }) => (context.n + params.by) % 101 }),
    mark: assign(({ context, event }, params: { label: string }) => ({
      trail: [...context.trail, `${params.label}:${event.type}`].slice(-6),
    })),
    flip: assign({ flag: ({ context }) => !context.flag }),
    reset: assign({ flag: true, last: null }),
  },
});

function guardOf(kind: number): unknown {
  return [
    { type: 'mod', params: { m: 3, r: 1 } },
    'flag',
    and(['isP', not('flag')]),
    or([
      {
        type: 'mod',
        params: ({ context }: { context: Context }) => ({ m: 2, r: context.flag ? 1 : 0 }),
      },
      'flag',
    ]),
    ({ context }: { context: Context }) => context.trail.length > 2,
    not({ type: 'mod', params: { m: 2, r: 0 } }),
  ][kind];
}

function actionOf(kind: number, label: string): unknown {
  return [
    { type: 'bump', params: { by: 1 + (label.length % 3) } },
    { type: 'mark', params: { label } },
    'flip',
    'reset',
    assign({ last: ({ event }: { event: { type: string } }) => event.type }),
    {
      type: 'mark',
      params: ({ context }: { context: Context }) => ({ label: `${label}@${context.n}` }),
    },
    assign(({ context }: { context: Context }) => ({ n: (context.n * 2) % 101 })),
  ][kind];
}

function machineOf(root: NodeSpec): AnyStateMachine {
  const ids: string[] = [];
  const number = (node: NodeSpec): void => {
    ids.push(`s${ids.length}`);
    node.children.forEach(number);
  };
  number(root);
  let next = 0;
  const config = (node: NodeSpec): Record<string, unknown> => {
    const id = ids[next++]!;
    const children = node.children.map((child) => [ids[next]!, config(child)] as const);
    const first = children[node.initial % Math.max(children.length, 1)]?.[0];
    return {
      id,
      entry: node.entry.map((kind, i) => actionOf(kind, `en ${id}.${i}`)),
      exit: node.exit.map((kind, i) => actionOf(kind, `ex ${id}.${i}`)),
      ...(first === undefined
        ? {}
        : {
            states: Object.fromEntries(children),
            initial: {
              target: first,
              actions: node.initialActions.map((kind) => actionOf(kind, `in ${id}`)),
            },
          }),
      on: Object.fromEntries(
        node.on.map(([descriptor, transitions]) => [
          descriptor,
          transitions.map((t, i) => ({
            // Any state but the root (a transition to the root is refused).
            ...(t.target === undefined
              ? {}
              : { target: `#${ids[1 + (t.target % (ids.length - 1))]}` }),
            reenter: t.reenter,
            ...(t.guard === undefined ? {} : { guard: guardOf(t.guard) }),
            actions: t.actions.map((kind) => actionOf(kind, `${id} ${descriptor} ${i}`)),
          })),
        ]),
      ),
    };
  };
  const machine = base.createMachine({
    ...config(root),
    context: { n: 0, flag: false, trail: [], last: null },
  } as never);
  return machine as unknown as AnyStateMachine;
}

describe('generated user machines', () => {
  it("replay as XState's transition() does, copying and in place", () => {
    fc.assert(
      fc.property(
        nodeArb(0),
        fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }),
        (spec, types) => {
          const machine = machineOf(spec);
          const lifecycle = compileLifecycle(
            defineLifecycle({
              name: 'generated',
              machines: { m: machine },
              stages: ['any'],
              stageOf: () => 'any',
            }),
          );
          const inPlace = inPlaceStepsOf(lifecycle)!;
          let reference = initialTransition(machine)[0];
          let state = lifecycle.initial();
          const owned: FoldingState = {
            machines: state.machines as FoldingState['machines'],
            owned: 0,
          };
          types.forEach((type, at) => {
            const event = { type, at } as never;
            reference = transition(machine, reference, event)[0];
            state = lifecycle.transition(state, event);
            inPlace.apply(owned, event);
            const expected = {
              value: formatStateValue(reference.value),
              context: reference.context,
            };
            expect(state.machines.m).toStrictEqual(expected);
            expect(owned.machines.m).toStrictEqual(expected);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
