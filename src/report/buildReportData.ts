import { unknownOption } from '../errors/unknownOption.js';
import type { BgNbdParams } from '../models/bgnbd/BgNbdParams.js';
import { bgNbdExpectedPurchases } from '../models/bgnbd/bgNbdExpectedPurchases.js';
import { bgNbdPAlive } from '../models/bgnbd/bgNbdPAlive.js';
import type { ParetoNbdParams } from '../models/paretoNbd/ParetoNbdParams.js';
import { paretoNbdExpectedPurchases } from '../models/paretoNbd/paretoNbdExpectedPurchases.js';
import { paretoNbdPAlive } from '../models/paretoNbd/paretoNbdPAlive.js';
import { trackRepeatPurchases } from '../models/summary/trackRepeatPurchases.js';
import type { CustomerState } from '../projection/CustomerState.js';
import { attritionRate, YEAR_MS } from '../projection/portfolio/attritionRate.js';
import { cohortRetention } from '../projection/portfolio/cohortRetention.js';
import { funnelConversion } from '../projection/portfolio/funnelConversion.js';
import { stageCounts } from '../projection/portfolio/stageCounts.js';
import type { ValuationReport } from '../valuation/ValuationReport.js';
import type { ValuedProjection } from './projectWithValues.js';
import type { Histogram, ReportCustomer, ReportData } from './ReportData.js';

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
  const unknown = unknownOption('buildReportData', options, ['title', 'top']);
  if (unknown !== undefined) throw new TypeError(unknown);
  const { projection } = valued;
  const valuation = projection.valuation;
  const asOf = projection.asOf ?? 0;
  const counts = stageCounts(projection, { at: asOf }).counts;
  const activeStages = projection.activeStages ?? [];
  const active = activeStages.reduce((sum, stage) => sum + (counts[stage] ?? 0), 0);
  let customerEquity = 0;
  let residualEquity = 0;
  const rows: ReportCustomer[] = [];
  const highRisk = { from: valuation?.bands.high ?? 0.7, customers: 0, active: 0 };
  for (const customer of projection.customers) {
    const { clv, churnRisk } = customer;
    if (clv === undefined || churnRisk === undefined) continue;
    if (churnRisk.band === 'high') {
      highRisk.customers++;
      if (activeStages.includes(customer.stage)) highRisk.active++;
    }
    customerEquity += clv.total;
    residualEquity += clv.residual;
    rows.push({
      customerId: customer.customerId,
      stage: customer.stage,
      clv: clv.total,
      churnRisk: churnRisk.probability,
      pAlive: customer.pAlive ?? null,
      lastActivity: isoDay(customer.facts.lastActivityAt),
    });
  }
  const top = options.top ?? 10;
  const byId = (a: ReportCustomer, b: ReportCustomer) => (a.customerId < b.customerId ? -1 : 1);
  const topClv = [...rows].sort((a, b) => b.clv - a.clv || byId(a, b)).slice(0, top);
  const atRisk = [...rows]
    .filter((row) => activeStages.length === 0 || activeStages.includes(row.stage))
    .sort((a, b) => b.churnRisk - a.churnRisk || b.clv - a.clv || byId(a, b))
    .slice(0, top);
  const attrition =
    activeStages.length > 0 && projection.customers.length > 0
      ? attritionRate(projection, { from: asOf - YEAR_MS, to: asOf })
      : undefined;
  const purchases = valuation?.purchases;
  const fitted = fittedPurchaseModel(purchases);
  const buyers = projection.customers.filter(
    (customer) => customer.facts.firstPurchaseAt !== undefined,
  );
  return {
    title: options.title ?? 'Customer life cycle',
    asOf: projection.asOf === undefined ? null : new Date(asOf).toISOString(),
    lifecycle: projection.lifecycle,
    events: projection.events,
    lastEventAt: lastEventAt(valued.events),
    people: projection.customers.length,
    buyers: projection.customers.filter((customer) => customer.facts.purchases > 0).length,
    active,
    currency: valuation?.currency,
    margin: valuation?.margin ?? 1,
    customerEquity,
    valued: rows.length,
    unvalued: rows.length > 0 ? null : unvaluedReason(valued),
    notValued: notValuedBuyers(valuation?.valued.notValued ?? {}),
    residualEquity,
    highRisk,
    annualAttrition: attrition?.rate ?? null,
    stages: projection.stages.map((stage) => ({ stage, count: counts[stage] ?? 0 })),
    activeStages: [...activeStages],
    funnel: funnelConversion(projection).steps.map((step) => ({
      from: step.from,
      to: step.to,
      entered: step.entered,
      converted: step.converted,
      rate: step.rate ?? null,
    })),
    stageFlow: stageFlow(valued),
    // An empty log has no asOf, and no cohorts to follow.
    cohorts:
      activeStages.length === 0 || projection.asOf === undefined
        ? []
        : cohortRetention(projection)
            .cohorts.filter((cohort) => cohort.size > 0)
            .slice(-12)
            .map(({ cohort, size, retention }) => ({ cohort, size, retention: [...retention] })),
    clvHistogram: histogram(
      rows.map((row) => row.clv),
      20,
    ),
    churnHistogram: histogram(
      rows.map((row) => row.churnRisk),
      20,
      1,
    ),
    pAliveGrid: fitted === undefined ? null : pAliveGrid(buyers, asOf, fitted),
    tracking: fitted === undefined ? null : tracking(valued, buyers, fitted, valuation?.currency),
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
    topClv,
    atRisk,
  };
}

/** Why no customer has both a churn risk and a CLV: the first model that did not fit says. */
function unvaluedReason({ projection }: ValuedProjection): string {
  const valuation = projection.valuation;
  if (valuation === undefined) return 'no events yet';
  // The models' reason ('no purchase before asOf') names an API option the reader never set.
  const anyPurchase = projection.customers.some((customer) => customer.facts.purchases > 0);
  if (!anyPurchase && Object.keys(valuation.subscriptions).length === 0) return 'no purchases yet';
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

function stageFlow({ projection }: ValuedProjection): ReportData['stageFlow'] {
  const asOf = projection.asOf;
  const first = earliest(projection.customers, (customer) => customer.facts.firstActivityAt);
  if (asOf === undefined || !Number.isFinite(first)) return { months: [], counts: {} };
  const months: string[] = [];
  const ends: number[] = [];
  const start = new Date(first);
  for (let year = start.getUTCFullYear(), month = start.getUTCMonth(); ; month++) {
    const end = Date.UTC(year, month + 1, 1) - 1;
    const label = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7);
    if (end >= asOf) {
      months.push(label);
      ends.push(asOf);
      break;
    }
    months.push(label);
    ends.push(end);
  }
  const counts: Record<string, number[]> = {};
  for (const stage of projection.stages) counts[stage] = [];
  for (const at of ends) {
    const atMonth = stageCounts(projection, { at }).counts;
    for (const stage of projection.stages) counts[stage]?.push(atMonth[stage] ?? 0);
  }
  return { months, counts };
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
  buyers: readonly CustomerState[],
  asOf: number,
  model: FittedPurchaseModel,
): ReportData['pAliveGrid'] {
  const first = earliest(buyers, (customer) => customer.facts.firstPurchaseAt as number);
  const age = Math.max(1, Math.ceil((asOf - first) / WEEK_MS));
  const purchases = buyers.map((customer) => customer.facts.purchases - 1).sort((a, b) => a - b);
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
  { projection, events }: ValuedProjection,
  buyers: readonly CustomerState[],
  model: FittedPurchaseModel,
  currency: string | undefined,
): ReportData['tracking'] {
  if (buyers.length === 0 || projection.asOf === undefined) return null;
  // Births are first purchase days (midnight UTC), as in the RFM summary the model was fitted on.
  const births = new Map<number, number>();
  for (const customer of buyers) {
    const birth = Math.floor((customer.facts.firstPurchaseAt as number) / DAY_MS) * DAY_MS;
    births.set(birth, (births.get(birth) ?? 0) + 1);
  }
  const start = earliest([...births.keys()], (birth) => birth);
  const end = Math.floor(projection.asOf / DAY_MS) * DAY_MS + DAY_MS;
  const periods = Math.max(1, Math.ceil((end - start) / WEEK_MS));
  const actual = trackRepeatPurchases(events, {
    start,
    periods,
    unit: 'week',
    ...(currency === undefined ? {} : { currency }),
  });
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
    weeks: actual.periodStart.map(isoDay),
    actual: [...actual.cumulative],
    expected,
  };
}

/** The latest event time (events come in log order, and late events are not last in it). */
function lastEventAt(events: ValuedProjection['events']): string | null {
  let last = Number.NEGATIVE_INFINITY;
  for (const event of events) if (event.at > last) last = event.at;
  return Number.isFinite(last) ? new Date(last).toISOString() : null;
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
