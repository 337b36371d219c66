import { TenureError } from './TenureError.js';

/**
 * Thrown when stored data is not what the log wrote: a record that does not parse in the middle
 * of a file, or a broken hash chain. `location` says where (a line number, a position).
 */
export class CorruptLogError extends TenureError {
  readonly location: string;
  /** What is wrong there, e.g. `event id "e7" is stored twice`. */
  readonly reason: string;

  constructor(api: string, location: string, reason: string) {
    super(
      'TENURE_CORRUPT_LOG',
      `${api}: the log is corrupt at ${location}: ${reason}. Restore it from a backup; run \`tenure verify\` to find the first bad record.`,
    );
    this.location = location;
    this.reason = reason;
  }
}
