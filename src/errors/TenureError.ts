const brand = Symbol.for('tenure.error');

/**
 * Base class of every error tenure throws. `code` is a stable string to branch on; the message
 * names the API, the offending input and the fix.
 *
 * @example
 * ```ts
 * try {
 *   await log.append(events);
 * } catch (error) {
 *   if (isTenureError(error) && error.code === 'TENURE_INVALID_EVENT') console.error(error.message);
 * }
 * ```
 */
export class TenureError extends Error {
  /** Stable machine-readable code, e.g. `TENURE_INVALID_EVENT`. */
  readonly code: string;
  readonly [brand] = true;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * True when `value` is a {@link TenureError}, also across several copies of the package
 * (where `instanceof` fails).
 *
 * @example
 * ```ts
 * if (isTenureError(error, 'TENURE_VERSION_CONFLICT')) retry();
 * ```
 */
export function isTenureError(value: unknown, code?: string): value is TenureError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [brand]?: unknown })[brand] !== true) return false;
  return code === undefined || (value as TenureError).code === code;
}
