import { TenureError } from './TenureError.js';

/** Thrown when another process holds the write lock of a file log. */
export class LogLockedError extends TenureError {
  readonly path: string;

  constructor(api: string, path: string, holder: string) {
    super(
      'TENURE_LOG_LOCKED',
      `${api}: ${path} is already open for writing (${holder}). Close the other log first (one writer at a time), or open this one with { readOnly: true }.`,
    );
    this.path = path;
  }
}
