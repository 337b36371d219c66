import type { EventLog } from '../../log/EventLog.js';
import { formatCount, integerFlag } from '../parseCommandArgs.js';

/**
 * Events a pass folds by default. A pass holds its customers' folds until it hands them out, so
 * its memory grows with its share of the log; each more pass costs one more read of the file.
 * Sample business, 12 events a customer: 200,000 customers (2,394,639 events, 2 passes)
 * `tenure project --csv` peaked at 0.9 GB of RSS, where the whole projection took 2.0-2.2 GB;
 * 1,000,000 (11,876,718 events, 6 passes) at 2.3 GB (--json 1.6 GB, 3.7 GB when it held its
 * 530 MB of rows in memory rather than in temporary files), where the whole projection ran out
 * of Node's default 4 GB heap. Opening the file log alone (its index of every event) peaks at
 * 0.29 GB and 0.70 GB.
 */
const EVENTS_PER_PASS = 2_000_000;

/** The `--passes` lines of a command's help (`tenure report`, `tenure project`). */
export const passesHelp = `  --passes <n>          read the log n times, folding about 1/n of the customers each time:
                        less memory, more time (default: 1 per ${formatCount(EVENTS_PER_PASS)} events)`;

/** `--passes`: `undefined` when not given, else a whole number >= 1 (a usage error otherwise). */
export function passesFlag(
  command: string,
  value: string | boolean | undefined,
): number | undefined {
  return value === undefined ? undefined : integerFlag(command, 'passes', value, 1);
}

/** The passes to read `log` in without `--passes`: one per {@link EVENTS_PER_PASS} events. */
export async function defaultPasses(log: EventLog): Promise<number> {
  return Math.max(1, Math.ceil((await log.position()) / EVENTS_PER_PASS));
}
