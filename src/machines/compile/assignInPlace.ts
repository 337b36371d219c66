import { literalKeysExact } from './shapeCopier.js';

/** The owned state an in-place assign writes into (see `OwnedMachineState`). */
interface OwnedState {
  context: unknown;
}

/** What a generated in-place assign calls besides its properties (all from compileMachine). */
export interface AssignInPlaceParts {
  /** The argument object the properties are called with, filled per call and emptied after. */
  readonly args: { context: unknown; event: unknown };
  /** The assign's params, or a function of the context and event that gives them. */
  readonly params: unknown;
  readonly resolveParams: ((context: unknown, event: never) => unknown) | undefined;
  /** True when a value is (or holds) the context itself: the context is then copied instead. */
  readonly holds: (value: unknown, target: unknown, depth: number) => boolean;
  /** The copy-on-write merge, for the context that must be copied. */
  readonly merge: (context: unknown, update: Record<string, unknown>) => unknown;
}

/**
 * The object form of an assign (`assign({ key: value or (args, params) => value })`) compiled
 * to write into an owned context: every property is evaluated against the context as it was
 * (as XState evaluates them), then each changed key is written by its name. XState builds an
 * update object per call and merges it key by key; a replay runs these assigns several times
 * per event, and the update objects were the largest part of its garbage, their keyed reads and
 * writes megamorphic. The function is generated once per assign, so each key is read and
 * written at a site of its own. Returns true when a value changed, as the general path does.
 *
 * Returns undefined (the caller keeps the general path) when the keys cannot be written as
 * literals exactly (`__proto__`, integer-like keys) or code generation is not allowed (a
 * Content-Security-Policy without `unsafe-eval`). The generated code names each key by its
 * JSON-quoted string; nothing else is interpolated.
 *
 * @example
 * ```ts
 * const inPlace = assignInPlace(['count'], [({ context }) => context.count + 1], parts);
 * const state = { value: 'on', context: { count: 1 } };
 * inPlace?.(state, { type: 'tick' }); // true; state.context is the same object, count 2
 * ```
 */
export function assignInPlace(
  keys: readonly string[],
  properties: readonly unknown[],
  parts: AssignInPlaceParts,
): ((state: OwnedState, event: unknown) => boolean) | undefined {
  if (!literalKeysExact(keys)) return undefined;
  const quoted = keys.map((key) => JSON.stringify(key));
  const computes = properties.some((property) => typeof property === 'function');
  const update = `{ ${quoted.map((key, index) => `${key}: v${index}`).join(', ')} }`;
  const lines = [
    'const context = state.context;',
    computes
      ? 'const resolved = resolveParams === undefined ? params : resolveParams(context, event);'
      : '',
    'args.context = context;',
    'args.event = event;',
    ...properties.map((property, index) =>
      typeof property === 'function'
        ? `const v${index} = p${index}(args, resolved);`
        : `const v${index} = p${index};`,
    ),
    'args.context = undefined;',
    'args.event = undefined;',
    'let changed = false;',
    ...quoted.map(
      (key, index) =>
        `if (v${index} !== context[${key}] || (v${index} === undefined && !(${key} in context))) {\n` +
        '  changed = true;\n' +
        // The context itself is (in) a value: merged into a copy, as XState does.
        `  if (holds(v${index}, context, 0)) { state.context = merge(context, ${update}); return true; }\n` +
        '}',
    ),
    'if (!changed) return false;',
    ...quoted.map((key, index) => `context[${key}] = v${index};`),
    'return true;',
  ];
  try {
    return new Function(
      'properties',
      'parts',
      [
        'const { args, params, resolveParams, holds, merge } = parts;',
        ...properties.map((_, index) => `const p${index} = properties[${index}];`),
        `return function assignInPlace(state, event) {\n${lines.filter(Boolean).join('\n')}\n};`,
      ].join('\n'),
    )([...properties], parts) as (state: OwnedState, event: unknown) => boolean;
  } catch {
    return undefined;
  }
}
