import { freeze } from 'immer';

/**
 * Deep-freezes a projection result with immer's `freeze` (already-frozen parts, such as machine
 * states shared between customers, are skipped).
 */
export function freezeDeep<T>(value: T): T {
  return freeze(value, true);
}
