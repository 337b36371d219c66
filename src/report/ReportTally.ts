import type { CustomerState } from '../projection/CustomerState.js';
import type { Projection } from '../projection/Projection.js';
import { cohortRetention } from '../projection/portfolio/cohortRetention.js';
import { funnelConversion } from '../projection/portfolio/funnelConversion.js';
import { stageCounts } from '../projection/portfolio/stageCounts.js';
import { createPortfolioTally, type ReportPortfolio } from './PortfolioTally.js';
import type { ReportCustomer, ReportData } from './ReportData.js';

export type { ReportPortfolio } from './PortfolioTally.js';

/** The customers summed up for the report: no customer is kept but the top rows. Internal. */
export interface TalliedCustomers {
  readonly people: number;
  /** Sum of the customers' `facts.events`: the projection's `events`. */
  readonly events: number;
  readonly buyers: number;
  /** People who entered an active stage by `asOf` (buyers when the lifecycle names none). */
  readonly customers: number;
  readonly active: number;
  readonly stageCounts: Readonly<Record<string, number>>;
  readonly customerEquity: number;
  readonly residualEquity: number;
  readonly valued: number;
  /** Valued customers in the high churn-risk band, and how many of them are in an active stage. */
  readonly highRisk: { readonly customers: number; readonly active: number };
  readonly annualAttrition: number | null;
  readonly funnel: ReportData['funnel'];
  readonly stageFlow: ReportData['stageFlow'];
  /** Every cohort with customers, oldest first. */
  readonly cohorts: ReportData['cohorts'];
  /** CLV and churn risk of each valued customer (in no particular order). */
  readonly clvs: readonly number[];
  readonly churnRisks: readonly number[];
  /** Repeat purchases (purchases - 1) of each buyer, and the earliest first purchase. */
  readonly repeats: readonly number[];
  readonly firstPurchaseAt: number;
  /** Buyers by the UTC day (epoch ms of its midnight) of their first purchase. */
  readonly births: ReadonlyMap<number, number>;
  readonly topClv: readonly ReportCustomer[];
  readonly atRisk: readonly ReportCustomer[];
}

/** The running tally of {@link createReportTally}. Internal. */
export interface ReportTally {
  /** Takes a customer of the projection, in any order; valued ones carry `clv` and `churnRisk`. */
  add(customer: CustomerState): void;
  /** The tally of every customer added. */
  result(): TalliedCustomers;
}

const DAY_MS = 86_400_000;

/**
 * Sums up a projection's customers for the report as they come, so that a log of any size is
 * reported from one customer at a time (see `buildReportDataFromLog`), and the whole projection
 * (`buildReportData`) with the same code. Stage counts, attrition and equity are
 * `createPortfolioTally`'s (as `tenure project` gives them); the other portfolio views (stage
 * counts at each month's end, funnel, cohorts) are counts over customers too: they run on
 * chunks of customers and their counts are added, so that customers coming in another order
 * give the same report to the last bit.
 *
 * @param asOf - the projection's time; `undefined` only when no customer will come.
 */
export function createReportTally(
  portfolio: ReportPortfolio,
  asOf: number | undefined,
  top: number,
): ReportTally {
  const activeStages = portfolio.activeStages ?? [];
  const active = new Set<string>(activeStages);
  const empty: Projection = { ...portfolio, asOf, events: 0, customers: [] };
  const funnel = funnelConversion(empty).steps.map((step) => ({
    from: step.from,
    to: step.to,
    entered: 0,
    converted: 0,
  }));
  const flow = new Map<string, Record<string, number>>();
  const cohorts = new Map<number, { cohort: string; size: number; retained: number[] }>();
  const clvs: number[] = [];
  const churnRisks: number[] = [];
  const repeats: number[] = [];
  const births = new Map<number, number>();
  const highRisk = { customers: 0, active: 0 };
  let topClv: ReportCustomer[] = [];
  let atRisk: ReportCustomer[] = [];
  let buyers = 0;
  let acquired = 0;
  let firstActivityAt = Number.POSITIVE_INFINITY;
  let firstPurchaseAt = Number.POSITIVE_INFINITY;

  // The funnel, stage flow and cohorts of each chunk of customers the portfolio tally runs on.
  const addChunk = (part: Projection, at: number): void => {
    funnelConversion(part).steps.forEach((step, index) => {
      const sum = funnel[index] as (typeof funnel)[number];
      sum.entered += step.entered;
      sum.converted += step.converted;
    });
    addStageFlow(part, at, flow);
    if (activeStages.length > 0) {
      for (const { start, cohort, size, retention } of cohortRetention(part).cohorts) {
        let sum = cohorts.get(start);
        if (sum === undefined) {
          sum = { cohort, size: 0, retained: retention.map(() => 0) };
          cohorts.set(start, sum);
        }
        sum.size += size;
        // The view gives shares of its cohort; times its size they are the counts again.
        const retained = sum.retained;
        retention.forEach((share, month) => {
          retained[month] = (retained[month] ?? 0) + Math.round(share * size);
        });
      }
    }
  };
  const base = createPortfolioTally(portfolio, asOf, addChunk);

  const keepTop = (
    rows: ReportCustomer[],
    order: (a: ReportCustomer, b: ReportCustomer) => number,
  ) => {
    // A few times `top` rows at most: sorting them now and then costs little.
    if (!Number.isInteger(top) || top < 0 || rows.length < 4 * top + 64) return rows;
    return rows.sort(order).slice(0, top);
  };

  return {
    add(customer) {
      base.add(customer);
      const facts = customer.facts;
      if (facts.firstActivityAt < firstActivityAt) firstActivityAt = facts.firstActivityAt;
      if (facts.purchases > 0) buyers++;
      if (activeStages.length > 0 && customer.history.some((entry) => active.has(entry.stage))) {
        acquired++;
      }
      if (facts.firstPurchaseAt !== undefined) {
        if (facts.firstPurchaseAt < firstPurchaseAt) firstPurchaseAt = facts.firstPurchaseAt;
        repeats.push(facts.purchases - 1);
        const birth = Math.floor(facts.firstPurchaseAt / DAY_MS) * DAY_MS;
        births.set(birth, (births.get(birth) ?? 0) + 1);
      }
      const { clv, churnRisk } = customer;
      if (clv !== undefined && churnRisk !== undefined) {
        if (churnRisk.band === 'high') {
          highRisk.customers++;
          if (active.has(customer.stage)) highRisk.active++;
        }
        clvs.push(clv.total);
        churnRisks.push(churnRisk.probability);
        const row: ReportCustomer = {
          customerId: customer.customerId,
          stage: customer.stage,
          clv: clv.total,
          churnRisk: churnRisk.probability,
          pAlive: customer.pAlive ?? null,
          lastActivity: isoDay(facts.lastActivityAt),
        };
        topClv.push(row);
        topClv = keepTop(topClv, byClv);
        if (activeStages.length === 0 || active.has(row.stage)) {
          atRisk.push(row);
          atRisk = keepTop(atRisk, byRisk);
        }
      }
    },
    result() {
      const { people, attrition, ...tallied } = base.result();
      return {
        people,
        events: tallied.events,
        buyers,
        customers: activeStages.length > 0 ? acquired : buyers,
        active: activeStages.reduce((sum, stage) => sum + (tallied.stageCounts[stage] ?? 0), 0),
        stageCounts: tallied.stageCounts,
        customerEquity: tallied.customerEquity,
        residualEquity: tallied.residualEquity,
        valued: clvs.length,
        highRisk,
        annualAttrition: activeStages.length > 0 && people > 0 ? attrition.rate : null,
        funnel: funnel.map((step) => ({
          ...step,
          rate: step.entered === 0 ? null : step.converted / step.entered,
        })),
        stageFlow: stageFlowOf(portfolio, asOf, firstActivityAt, flow),
        cohorts: [...cohorts.keys()]
          .sort((a, b) => a - b)
          .map((start) => {
            const { cohort, size, retained } = cohorts.get(start) as {
              cohort: string;
              size: number;
              retained: number[];
            };
            return { cohort, size, retention: retained.map((count) => count / size) };
          }),
        clvs,
        churnRisks,
        repeats,
        firstPurchaseAt,
        births,
        topClv: [...topClv].sort(byClv).slice(0, top),
        atRisk: [...atRisk].sort(byRisk).slice(0, top),
      };
    },
  };
}

const byId = (a: ReportCustomer, b: ReportCustomer) => (a.customerId < b.customerId ? -1 : 1);
const byClv = (a: ReportCustomer, b: ReportCustomer) => b.clv - a.clv || byId(a, b);
const byRisk = (a: ReportCustomer, b: ReportCustomer) =>
  b.churnRisk - a.churnRisk || b.clv - a.clv || byId(a, b);

/**
 * The stage counts of `part` at the end of each month from its first customer's to `asOf`'s
 * month (whose count is at `asOf`), added to `flow` by month (`YYYY-MM`).
 */
function addStageFlow(
  part: Projection,
  asOf: number,
  flow: Map<string, Record<string, number>>,
): void {
  let first = Number.POSITIVE_INFINITY;
  for (const customer of part.customers) {
    // Before a customer's first history entry they are in no stage: no month to count.
    const entered = customer.history[0]?.at ?? Number.POSITIVE_INFINITY;
    first = Math.min(first, entered, customer.facts.firstActivityAt);
  }
  if (!Number.isFinite(first)) return;
  for (const { label, end } of monthEnds(first, asOf)) {
    const atMonth = stageCounts(part, { at: end }).counts as Record<string, number>;
    let sum = flow.get(label);
    if (sum === undefined) {
      sum = {};
      flow.set(label, sum);
    }
    for (const stage of part.stages) sum[stage] = (sum[stage] ?? 0) + (atMonth[stage] ?? 0);
  }
}

/** The months from the earliest activity's to `asOf`'s, with their counts. */
function stageFlowOf(
  portfolio: ReportPortfolio,
  asOf: number | undefined,
  first: number,
  flow: ReadonlyMap<string, Record<string, number>>,
): ReportData['stageFlow'] {
  if (asOf === undefined || !Number.isFinite(first)) return { months: [], counts: {} };
  const months: string[] = [];
  const counts: Record<string, number[]> = {};
  for (const stage of portfolio.stages) counts[stage] = [];
  for (const { label } of monthEnds(first, asOf)) {
    months.push(label);
    const atMonth = flow.get(label);
    for (const stage of portfolio.stages) counts[stage]?.push(atMonth?.[stage] ?? 0);
  }
  return { months, counts };
}

/**
 * Each month (`YYYY-MM`) from `first`'s to `asOf`'s, with its last millisecond (`asOf` for the
 * last). As of the very start of a month (midnight on 1 January, UTC), that month has not begun:
 * the one before is the last, counted at `asOf`, its end.
 */
function monthEnds(first: number, asOf: number): { label: string; end: number }[] {
  const months: { label: string; end: number }[] = [];
  const start = new Date(first);
  for (let year = start.getUTCFullYear(), month = start.getUTCMonth(); ; month++) {
    const end = Date.UTC(year, month + 1, 1) - 1;
    const label = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7);
    // The next month starts at or after asOf: this one is the last.
    if (end + 1 >= asOf) {
      months.push({ label, end: asOf });
      return months;
    }
    months.push({ label, end });
  }
}

function isoDay(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 10) : '';
}
