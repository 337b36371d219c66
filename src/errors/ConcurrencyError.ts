import { TenureError } from './TenureError.js';

/**
 * Thrown when an append's expected version for a customer stream does not match the stored
 * version (optimistic concurrency). Nothing of the batch was written: read the stream again,
 * re-decide, and retry.
 */
export class ConcurrencyError extends TenureError {
  readonly customerId: string;
  /** The expected version the caller passed (a number or a sentinel). */
  readonly expected: number | string;
  /** The stream's actual version (0 when the stream does not exist). */
  readonly actual: number;

  constructor(api: string, customerId: string, expected: number | string, actual: number) {
    super(
      'TENURE_VERSION_CONFLICT',
      `${api}: customer stream "${customerId}" is at version ${actual}, expected ${String(expected)}; nothing was written. Read the stream again and retry with the current version.`,
    );
    this.customerId = customerId;
    this.expected = expected;
    this.actual = actual;
  }
}
