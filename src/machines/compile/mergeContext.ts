import type { OwnedMachineState } from './compileMachine.js';
import type { ShapeCopier } from './shapeCopier.js';

/** The copier of a context that is not a plain object: none, so the merge spreads it. */
export const noCopier: ShapeCopier = () => undefined;

/**
 * XState's assign merges the update into a copy of the context (`Object.assign({}, context,
 * update)`). When the update changes no value the compiled path keeps the old object, so that
 * unchanged customers allocate nothing. The copy comes from the context's shape copier (an
 * object literal, about ten times cheaper than a spread), or a spread for any other shape.
 */
export function mergeContext(context: unknown, update: unknown, copy: ShapeCopier): unknown {
  if (update === null || typeof update !== 'object' || update === context) return context;
  const current = context as Record<string, unknown>;
  const changes = update as Record<string, unknown>;
  let next: Record<string, unknown> | undefined;
  for (const key in changes) {
    const value = changes[key];
    if (next === undefined) {
      if (value === current[key] && (value !== undefined || key in current)) continue;
      next = copy(current) ?? { ...current };
    }
    next[key] = value;
  }
  return next ?? context;
}

/**
 * {@link mergeContext} into an owned context, in place: true when a value changed. An update
 * holding the context object itself (`assign({ previous: ({ context }) => context })`) would
 * see it change afterwards, so then the context is copied as XState copies it.
 */
export function mergeInPlace(
  state: OwnedMachineState,
  update: unknown,
  copy: ShapeCopier,
): boolean {
  const context = state.context;
  if (update === null || typeof update !== 'object' || update === context) return false;
  const current = context as Record<string, unknown>;
  const changes = update as Record<string, unknown>;
  let changed = false;
  for (const key in changes) {
    const value = changes[key];
    if (value === current[key] && (value !== undefined || key in current)) continue;
    changed = true;
    if (holds(value, context, 0)) {
      state.context = mergeContext(context, update, copy);
      return true;
    }
  }
  if (!changed) return false;
  for (const key in changes) current[key] = changes[key];
  return true;
}

/** Nesting depth past which {@link holds} answers true (a copy is always correct). */
const MAX_DEPTH = 32;

/** True when `value` is `target` or contains it (arrays and objects, searched to a depth). */
export function holds(value: unknown, target: unknown, depth: number): boolean {
  if (value === target) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (depth === MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (typeof item === 'object' && item !== null && holds(item, target, depth + 1)) return true;
    }
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null && holds(item, target, depth + 1)) return true;
  }
  return false;
}
