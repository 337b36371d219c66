import { normalizeTime } from '../../events/normalizeTime.js';
import { usageError } from '../CliError.js';

const DAY_MS = 86_400_000;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date flag as epoch ms: `YYYY-MM-DD` means the END of that UTC day (so `--as-of 2024-12-31`
 * counts the events of the 31st), or an ISO-8601 time with a zone. Anything else is a wrong
 * command line (exit 2) with a message naming the flag.
 */
export function dateFlag(
  command: string,
  name: string,
  value: string | boolean | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === 'string' ? normalizeTime(value) : undefined;
  if (
    typeof value !== 'string' ||
    time === undefined ||
    (PLAIN_DATE.test(value) && !realDay(value))
  )
    throw usageError(
      command,
      `--${name} ${JSON.stringify(value)} is not a date; give a day such as 2024-12-31 (its end, UTC) or a time with a zone such as 2024-12-31T18:00:00Z.`,
    );
  return PLAIN_DATE.test(value) ? time + DAY_MS - 1 : time;
}

function realDay(day: string): boolean {
  return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}
