import type { CustomerState } from '../projection/CustomerState.js';
import type { Projection } from '../projection/Projection.js';
import { attritionRate, YEAR_MS } from '../projection/portfolio/attritionRate.js';
import { stageCounts } from '../projection/portfolio/stageCounts.js';
import { createExactSum } from './exactSum.js';

/** What the portfolio figures need of a projection besides its customers. Internal. */
export type ReportPortfolio = Pick<
  Projection,
  'lifecycle' | 'stages' | 'funnel' | 'activeStages' | 'asOf'
>;

/** The portfolio's figures summed up over its customers, see {@link createPortfolioTally}. Internal. */
export interface TalliedPortfolio {
  readonly people: number;
  /** Sum of the customers' `facts.events`: the projection's `events`. */
  readonly events: number;
  /** Customers per stage at `asOf`, every stage of the lifecycle named (0 when `asOf` is not known). */
  readonly stageCounts: Readonly<Record<string, number>>;
  /**
   * Customers in an active stage a year before `asOf`, and how many of them were not at `asOf`
   * (`attritionRate`'s counts), and their ratio (`null` when nobody was active at the start);
   * zeros when the lifecycle names no active stage.
   */
  readonly attrition: {
    readonly activeAtStart: number;
    readonly lost: number;
    readonly rate: number | null;
  };
  /** Sum of the customers' `clv.total` and `clv.residual`, correctly rounded (`createExactSum`). */
  readonly customerEquity: number;
  readonly residualEquity: number;
}

/** The running tally of {@link createPortfolioTally}. Internal. */
export interface PortfolioTally {
  /** Takes a customer of the projection, in any order. */
  add(customer: CustomerState): void;
  /** The tally of every customer added. */
  result(): TalliedPortfolio;
}

/** Customers the portfolio views are run on at once: their counts add up. */
const CHUNK = 2048;

/**
 * Sums up a projection's customers as they come, into the figures both the report and
 * `tenure project` give of the portfolio: stage counts at `asOf`, attrition over the last year
 * and customer equity. The views run on chunks of customers and their counts are added; the
 * amounts are exact sums, so that customers streamed pass after pass (`projectCustomers`) give
 * the same figures, to the last bit, as the whole projection in customer id order.
 *
 * @param asOf - the projection's time; `undefined` only when no customer will come.
 * @param onChunk - runs other views on each chunk of customers, as a projection of them (the
 *   report's funnel, stage flow and cohorts), so that a caller keeps no chunk of its own.
 */
export function createPortfolioTally(
  portfolio: ReportPortfolio,
  asOf: number | undefined,
  onChunk: (part: Projection, asOf: number) => void = () => undefined,
): PortfolioTally {
  const activeStages = portfolio.activeStages ?? [];
  const counts: Record<string, number> = {};
  for (const stage of portfolio.stages) counts[stage] = 0;
  const attrition = { activeAtStart: 0, lost: 0 };
  const equity = createExactSum();
  const residual = createExactSum();
  let people = 0;
  let events = 0;
  let chunk: CustomerState[] = [];

  const flush = (): void => {
    if (chunk.length === 0 || asOf === undefined) return;
    const part: Projection = { ...portfolio, asOf, events: 0, customers: chunk };
    const atAsOf = stageCounts(part, { at: asOf }).counts as Record<string, number>;
    for (const stage of portfolio.stages)
      counts[stage] = (counts[stage] ?? 0) + (atAsOf[stage] ?? 0);
    if (activeStages.length > 0) {
      const rate = attritionRate(part, { from: asOf - YEAR_MS, to: asOf });
      attrition.activeAtStart += rate.activeAtStart;
      attrition.lost += rate.lost;
    }
    onChunk(part, asOf);
    chunk = [];
  };

  return {
    add(customer) {
      people++;
      events += customer.facts.events;
      const clv = customer.clv;
      if (clv !== undefined) {
        equity.add(clv.total);
        residual.add(clv.residual);
      }
      chunk.push(customer);
      if (chunk.length >= CHUNK) flush();
    },
    result() {
      flush();
      return {
        people,
        events,
        stageCounts: counts,
        attrition: {
          ...attrition,
          rate: attrition.activeAtStart === 0 ? null : attrition.lost / attrition.activeAtStart,
        },
        customerEquity: equity.value(),
        residualEquity: residual.value(),
      };
    },
  };
}
