/**
 * Whether `value` is an AbortSignal, by its shape: one from another realm or a polyfill serves
 * as well as the global class. For the checks of a `signal` option. Internal.
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as Partial<AbortSignal> | null;
  return (
    typeof signal === 'object' &&
    signal !== null &&
    typeof signal.aborted === 'boolean' &&
    typeof signal.addEventListener === 'function' &&
    typeof signal.removeEventListener === 'function'
  );
}
