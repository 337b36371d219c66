import type { CustomerValuation } from './CustomerValuation.js';
import type { ValuationSettings } from './ValuationOptions.js';
import type { ValuationReport } from './ValuationReport.js';

/**
 * The `valued` counts of a {@link ValuationReport}, kept as customers are valued one at a time
 * and in any order (`projectCustomers` hands them out pass after pass). Internal.
 */
export class ValuedTally {
  readonly #settings: ValuationSettings;
  #churnRisk = 0;
  #clv = 0;
  /** Per reason: how many customers, and the first of them in customerId order. */
  readonly #notValued = new Map<string, { count: number; first: string }>();

  constructor(settings: ValuationSettings) {
    this.#settings = settings;
  }

  /** Counts a customer's valuation, and the reasons `valueCustomers` gave for not valuing it. */
  add(
    customerId: string,
    valuation: CustomerValuation,
    notValued: Readonly<Record<string, number>>,
  ): void {
    if (this.#settings.churn && valuation.churnRisk !== undefined) this.#churnRisk++;
    if (this.#settings.clv && valuation.clv !== undefined) this.#clv++;
    for (const reason in notValued) {
      const count = notValued[reason] as number;
      const tally = this.#notValued.get(reason);
      if (tally === undefined) this.#notValued.set(reason, { count, first: customerId });
      else {
        tally.count += count;
        if (customerId < tally.first) tally.first = customerId;
      }
    }
  }

  /**
   * The counts, with the reasons in the order `project` writes them: the order their first
   * customers come in `project`'s customerId order (the JSON bytes depend on it).
   */
  valued(): ValuationReport['valued'] {
    const reasons = [...this.#notValued].sort(([, a], [, b]) => (a.first < b.first ? -1 : 1));
    const notValued: Record<string, number> = {};
    for (const [reason, { count }] of reasons) notValued[reason] = count;
    return { churnRisk: this.#churnRisk, clv: this.#clv, notValued };
  }
}
