import type { TenureEvent } from '../../events/TenureEvent.js';
import type { EventLog } from '../../log/EventLog.js';
import { formatDay } from '../format/formatNumbers.js';

const DAY_MS = 86_400_000;

/**
 * What `tenure fit` notes under a holdout the log does not cover: its last event falls on a day
 * before `holdoutEnd`, so the days after it count as days without purchases, while the forecast
 * goes on to `holdoutEnd` (a mistyped year shows as an error of hundreds of percent). Not a
 * refusal: a business may have been quiet on its last days. `events` are the log's events up to
 * `holdoutEnd`; `log` is read again only when none is on its day, to look for later ones.
 */
export async function holdoutBeyondLog(
  log: EventLog,
  events: readonly TenureEvent[],
  holdoutEnd: number,
): Promise<string | undefined> {
  const holdoutDay = Math.floor(holdoutEnd / DAY_MS);
  let last = Number.NEGATIVE_INFINITY;
  for (const event of events) last = Math.max(last, event.at);
  if (last === Number.NEGATIVE_INFINITY || Math.floor(last / DAY_MS) >= holdoutDay)
    return undefined;
  for await (const event of log.read()) {
    if (event.at > holdoutEnd) return undefined;
  }
  return `the log's last event is on ${formatDay(last)}: the actual counts no purchase after it, up to --holdout-end ${formatDay(holdoutEnd)}, where the forecast goes on; give the holdout end of the data.`;
}
