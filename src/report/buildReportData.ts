import { unknownOption } from '../errors/unknownOption.js';
import type { BgNbdParams } from '../models/bgnbd/BgNbdParams.js';
import { bgNbdExpectedPurchases } from '../models/bgnbd/bgNbdExpectedPurchases.js';
import { bgNbdPAlive } from '../models/bgnbd/bgNbdPAlive.js';
import type { ParetoNbdParams } from '../models/paretoNbd/ParetoNbdParams.js';
import { paretoNbdExpectedPurchases } from '../models/paretoNbd/paretoNbdExpectedPurchases.js';
import { paretoNbdPAlive } from '../models/paretoNbd/paretoNbdPAlive.js';
import type { ValuationReport } from '../valuation/ValuationReport.js';
import type { ValuedProjection } from './projectWithValues.js';
import type { Histogram, ReportData } from './ReportData.js';
import { type ReportEvents, startReportEvents, type TrackingWeeks } from './ReportEvents.js';
import { createReportTally, type ReportPortfolio, type TalliedCustomers } from './ReportTally.js';

/** Options of {@link buildReportData}. */
export interface ReportDataOptions {
  /** The report's title. Default: `'Customer life cycle'`. */
  readonly title?: string;
  /** Customers in the top-CLV and at-risk tables. Default: `10`. */
  readonly top?: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * The report's data from a valued projection: stage counts and funnel, monthly stage flow,
 * cohort retention, CLV and churn-risk histograms, the P(alive) grid, the tracking series and
 * the top customers. Plain JSON data, a pure function of its input.
 *
 * @example
 * ```ts
 * const data = buildReportData(await projectWithValues(log, { asOf: '2024-12-31T23:59:59Z' }));
 * await writeFile('report.html', renderReport(data));
 * ```
 */
export function buildReportData(
  valued: ValuedProjection,
  options: ReportDataOptions = {},
): ReportData {
  checkReportDataOptions(options);
  const { projection } = valued;
  const tally = createReportTally(projection, projection.asOf, options.top ?? 10);
  for (const customer of projection.customers) tally.add(customer);
  const customers = tally.result();
  const events = startReportEvents(trackingWeeks(customers, projection.asOf, projection.valuation));
  for (const event of valued.events) events.add(event);
  return completeReportData(projection, customers, events, projection.valuation, options);
}

/**
 * Throws for an unknown or ill-typed option of {@link buildReportData} (or of the streamed
 * build). Internal.
 */
export function checkReportDataOptions(options: ReportDataOptions): void {
  const unknown = unknownOption('buildReportData', options, ['title', 'top']);
  if (unknown !== undefined) throw new TypeError(unknown);
  const { title, top } = options;
  if (title !== undefined && typeof title !== 'string') {
    throw new TypeError(
      `buildReportData: title ${String(title)} is not a string; pass the text of the report's title.`,
    );
  }
  if (top !== undefined && !(Number.isInteger(top) && top >= 1)) {
    throw new TypeError(
      `buildReportData: top ${String(top)} is not an integer >= 1; pass how many customers the top-CLV and at-risk tables list (default 10).`,
    );
  }
}

/**
 * The weeks of the tracking plot, or `undefined` when there is none to draw (no fitted purchase
 * model, no buyer or no time). Internal.
 */
export function trackingWeeks(
  customers: TalliedCustomers,
  asOf: number | undefined,
  valuation: ValuationReport | undefined,
): TrackingWeeks | undefined {
  if (fittedPurchaseModel(valuation?.purchases) === undefined) return undefined;
  if (customers.births.size === 0 || asOf === undefined) return undefined;
  // Births are first purchase days (midnight UTC), as in the RFM summary the model was fitted on.
  const start = earliest([...customers.births.keys()], (birth) => birth);
  const end = Math.floor(asOf / DAY_MS) * DAY_MS + DAY_MS;
  const periods = Math.max(1, Math.ceil((end - start) / WEEK_MS));
  return { start, end, periods, currency: valuation?.currency };
}

/**
 * The report's data from the customers summed up, the events read (with the weeks of
 * {@link trackingWeeks}) and the valuation's report. Internal: the end of both builds.
 */
export function completeReportData(
  portfolio: ReportPortfolio,
  customers: TalliedCustomers,
  events: ReportEvents,
  valuation: ValuationReport | undefined,
  options: ReportDataOptions,
): ReportData {
  const asOf = portfolio.asOf ?? 0;
  const purchases = valuation?.purchases;
  const fitted = fittedPurchaseModel(purchases);
  const weeks = trackingWeeks(customers, portfolio.asOf, valuation);
  const activeStages = portfolio.activeStages ?? [];
  return {
    title: options.title ?? 'Customer life cycle',
    asOf: portfolio.asOf === undefined ? null : new Date(asOf).toISOString(),
    lifecycle: portfolio.lifecycle,
    events: customers.events,
    lastEventAt: events.lastEventAt(),
    people: customers.people,
    buyers: customers.buyers,
    customers: customers.customers,
    active: customers.active,
    currency: valuation?.currency,
    margin: valuation?.margin ?? 1,
    customerEquity: customers.customerEquity,
    valued: customers.valued,
    unvalued: customers.valued > 0 ? null : unvaluedReason(customers, valuation),
    notValued: notValuedBuyers(valuation?.valued.notValued ?? {}),
    residualEquity: customers.residualEquity,
    highRisk: { from: valuation?.bands.high ?? 0.7, ...customers.highRisk },
    annualAttrition: customers.annualAttrition,
    stages: portfolio.stages.map((stage) => ({ stage, count: customers.stageCounts[stage] ?? 0 })),
    activeStages: [...activeStages],
    funnel: customers.funnel,
    stageFlow: customers.stageFlow,
    // An empty log has no asOf, and no cohorts to follow.
    cohorts:
      activeStages.length === 0 || portfolio.asOf === undefined ? [] : customers.cohorts.slice(-12),
    clvHistogram: histogram(customers.clvs, 20),
    churnHistogram: histogram(customers.churnRisks, 20, 1),
    pAliveGrid: fitted === undefined ? null : pAliveGrid(customers, asOf, fitted),
    tracking:
      fitted === undefined || weeks === undefined
        ? null
        : tracking(customers, weeks, events, fitted),
    model:
      fitted === undefined ||
      purchases?.params === undefined ||
      purchases.logLikelihood === undefined
        ? null
        : {
            name: `${fitted.name} (weekly)`,
            params: { ...purchases.params },
            logLikelihood: purchases.logLikelihood,
            converged: purchases.converged,
          },
    topClv: customers.topClv,
    atRisk: customers.atRisk,
  };
}

/** Why no customer has both a churn risk and a CLV: the first model that did not fit says. */
function unvaluedReason(
  customers: TalliedCustomers,
  valuation: ValuationReport | undefined,
): string {
  if (valuation === undefined) return 'no events yet';
  // The models' reason ('no purchase before asOf') names an API option the reader never set.
  if (customers.buyers === 0 && Object.keys(valuation.subscriptions).length === 0) {
    return 'no purchases yet';
  }
  const reason = valuation.purchases.reason ?? valuation.spend.reason;
  return reason ?? 'no customer could be valued';
}

/** The reasons that concern customers: prospects and leads were never to be valued. */
function notValuedBuyers(reasons: Readonly<Record<string, number>>): Record<string, number> {
  const buyers: Record<string, number> = {};
  for (const [reason, count] of Object.entries(reasons)) {
    if (reason !== 'no purchase or subscription') buyers[reason] = count;
  }
  return buyers;
}

/**
 * Equal-width bins from 0 to `max` (default: the 98th percentile, so that a few outliers do not
 * squash the rest); the last bin also counts everything above it.
 */
export function histogram(values: readonly number[], bins: number, max?: number): Histogram {
  const sorted = [...values].sort((a, b) => a - b);
  const top = max ?? Math.max(0, sorted[Math.floor((sorted.length - 1) * 0.98)] ?? 0);
  // Values that are all (nearly) zero get one unit-wide bin: no width underflows to 0.
  const width = top > 1e-9 ? niceWidth(top / bins) : 1;
  const count = Math.max(1, Math.ceil(top / width - 1e-9));
  const counts = new Array<number>(count).fill(0);
  for (const value of values) {
    const index = Math.min(count - 1, Math.max(0, Math.floor(value / width)));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  const edges = Array.from({ length: count + 1 }, (_, i) => round(i * width));
  return { edges, counts };
}

function niceWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= raw) ?? 10;
  return step * power;
}

/** Twelve significant digits: 0.7 stays 0.7, not 0.7000000000000001. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** The fitted purchase model's answers the charts need, BG/NBD or Pareto/NBD alike. */
interface FittedPurchaseModel {
  readonly name: string;
  pAlive(history: { x: number; tx: number; T: number }): number;
  /** Expected repeat purchases of a new customer in their first `t` weeks. */
  expectedPurchases(t: number): number;
}

function fittedPurchaseModel(
  purchases: ValuationReport['purchases'] | undefined,
): FittedPurchaseModel | undefined {
  if (purchases?.params === undefined) return undefined;
  if (purchases.model === 'bg/nbd') {
    const params = purchases.params as unknown as BgNbdParams;
    return {
      name: 'BG/NBD',
      pAlive: (history) => bgNbdPAlive(params, history),
      expectedPurchases: (t) => bgNbdExpectedPurchases(params, t),
    };
  }
  if (purchases.model !== 'pareto/nbd') return undefined;
  const params = purchases.params as unknown as ParetoNbdParams;
  return {
    name: 'Pareto/NBD',
    pAlive: (history) => paretoNbdPAlive(params, history),
    expectedPurchases: (t) => paretoNbdExpectedPurchases(params, t),
  };
}

function pAliveGrid(
  customers: TalliedCustomers,
  asOf: number,
  model: FittedPurchaseModel,
): ReportData['pAliveGrid'] {
  const age = Math.max(1, Math.ceil((asOf - customers.firstPurchaseAt) / WEEK_MS));
  const purchases = [...customers.repeats].sort((a, b) => a - b);
  const p99 = purchases[Math.floor((purchases.length - 1) * 0.99)] ?? 0;
  const maxX = Math.min(20, Math.max(3, p99));
  const frequency = Array.from({ length: maxX + 1 }, (_, x) => x);
  const steps = Math.min(26, age);
  const recency = Array.from({ length: steps + 1 }, (_, i) => round((i * age) / steps));
  const cells: [number, number, number][] = [];
  recency.forEach((tx, i) => {
    frequency.forEach((x, j) => {
      // x = 0 has recency 0 only; x > 0 needs t_x > 0.
      if ((x === 0) !== (tx === 0)) return;
      cells.push([i, j, Math.round(model.pAlive({ x, tx, T: age }) * 1000) / 1000]);
    });
  });
  return { age, frequency, recency, cells };
}

function tracking(
  customers: TalliedCustomers,
  { start, end, periods }: TrackingWeeks,
  events: ReportEvents,
  model: FittedPurchaseModel,
): ReportData['tracking'] {
  const actual = events.tracking();
  // Births in day order: the sum is the same whatever order the customers came in.
  const births = [...customers.births].sort(([a], [b]) => a - b);
  const expected: number[] = [];
  for (let k = 1; k <= periods; k++) {
    const at = Math.min(start + k * WEEK_MS, end);
    let sum = 0;
    for (const [birth, count] of births) {
      if (birth < at) sum += count * model.expectedPurchases((at - birth) / WEEK_MS);
    }
    expected.push(Math.round(sum * 10) / 10);
  }
  return {
    weeks: actual.weekStarts.map(isoDay),
    actual: [...actual.cumulative],
    expected,
  };
}

function isoDay(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 10) : '';
}

/**
 * The smallest `time` of `items` (+Infinity for none), in a loop: `Math.min(...)` passes every
 * value as an argument, and some 120,000 of them overflow the call stack.
 */
function earliest<T>(items: readonly T[], time: (item: T) => number): number {
  let first = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const value = time(item);
    if (value < first) first = value;
  }
  return first;
}
