import type { TenureEvent } from '../events/TenureEvent.js';
import { PurchaseCollector } from '../models/summary/purchaseDays.js';

const DAY_MS = 86_400_000;
const WEEK_DAYS = 7;

/** The weeks of the tracking plot: from the first buyer's birth day to `asOf`'s day. Internal. */
export interface TrackingWeeks {
  /** Epoch ms of the first week's first day (a UTC midnight). */
  readonly start: number;
  /** Epoch ms of the midnight after `asOf`: the last week ends there. */
  readonly end: number;
  readonly periods: number;
  /** Only purchases in this currency count (the valuation's). */
  readonly currency: string | undefined;
}

/** What the report reads from the events themselves, see {@link startReportEvents}. Internal. */
export interface ReportEvents {
  /** Takes an event at or before the report's time, in log order. */
  add(event: TenureEvent): void;
  /** ISO-8601 time of the latest event taken, `null` for none. */
  lastEventAt(): string | null;
  /** Cumulative repeat purchase days at the end of each week, and each week's start (epoch ms). */
  tracking(): { readonly weekStarts: readonly number[]; readonly cumulative: readonly number[] };
}

/**
 * The two things of the report that only the events tell, taken one event at a time so that a
 * log is read as it streams: the latest event's time (late events are not last in a log) and,
 * for `weeks`, the repeat purchase days per week of the tracking plot: every purchase day of a
 * customer but the first, as `trackRepeatPurchases` counts them, from the same
 * `PurchaseCollector` (a few numbers per purchase, no event kept).
 */
export function startReportEvents(weeks: TrackingWeeks | undefined): ReportEvents {
  let last = Number.NEGATIVE_INFINITY;
  const first = weeks === undefined ? 0 : Math.floor(weeks.start / DAY_MS);
  const collector =
    weeks === undefined
      ? undefined
      : new PurchaseCollector({
          lastDay: Math.ceil(first + weeks.periods * WEEK_DAYS) - 1,
          api: 'trackRepeatPurchases',
          ...(weeks.currency === undefined ? {} : { currency: weeks.currency }),
        });
  return {
    add(event) {
      if (event.at > last) last = event.at;
      collector?.add(event);
    },
    lastEventAt: () => (Number.isFinite(last) ? new Date(last).toISOString() : null),
    tracking() {
      const periods = weeks?.periods ?? 0;
      const repeats = new Array<number>(periods).fill(0);
      collector?.forEachCustomer((_, days) => {
        for (let i = 1; i < days.length; i++) {
          const period = Math.floor(((days[i] as number) - first) / WEEK_DAYS);
          if (period >= 0 && period < periods) repeats[period] = (repeats[period] as number) + 1;
        }
      });
      let total = 0;
      const cumulative = repeats.map((count) => {
        total += count;
        return total;
      });
      const weekStarts = repeats.map((_, k) => (first + k * WEEK_DAYS) * DAY_MS);
      return { weekStarts, cumulative };
    },
  };
}
