import { TenureError } from './TenureError.js';

/**
 * Thrown when a log opened read-only, or one to verify, does not exist: a reader never creates
 * a log. Open it without `readOnly` to create an empty one, or check the path. Also when a
 * writer's log file is in a directory that does not exist: a writer creates the file only.
 */
export class LogNotFoundError extends TenureError {
  readonly path: string;

  constructor(
    api: string,
    path: string,
    why = 'a log opened with { readOnly: true } is never created',
    fix = 'Check the path, or open it without readOnly to create an empty log.',
  ) {
    super('TENURE_LOG_NOT_FOUND', `${api}: ${path} does not exist, and ${why}. ${fix}`);
    this.path = path;
  }
}
