import { TenureError } from './TenureError.js';

/** Thrown by a call on a log after `close()`. Open the log again to use it. */
export class LogClosedError extends TenureError {
  constructor(api: string, what: string, reopen: string) {
    super('TENURE_LOG_CLOSED', `${api}: ${what} is closed; open it again with ${reopen}.`);
  }
}
