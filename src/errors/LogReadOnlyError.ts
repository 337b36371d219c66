import { TenureError } from './TenureError.js';

/** Thrown by `append` on a log opened read-only. Nothing was written. */
export class LogReadOnlyError extends TenureError {
  readonly path: string;

  constructor(api: string, path: string) {
    super(
      'TENURE_LOG_READ_ONLY',
      `${api}: ${path} was opened with { readOnly: true }; nothing was written. Open it without readOnly to append.`,
    );
    this.path = path;
  }
}
