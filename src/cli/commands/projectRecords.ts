import type { CustomerState } from '../../projection/CustomerState.js';
import { attritionRate, YEAR_MS } from '../../projection/portfolio/attritionRate.js';
import { stageCounts } from '../../projection/portfolio/stageCounts.js';
import type { ValuedProjection } from '../../report/projectWithValues.js';

/** One customer as `tenure project --json` prints it (CSV flattens `machines` and `clv`). */
export interface ProjectRecord {
  readonly customerId: string;
  readonly stage: string;
  /** Each machine's state value, by machine id. */
  readonly machines: Readonly<Record<string, string>>;
  readonly churnRisk: { readonly probability: number; readonly band: string } | null;
  readonly pAlive: number | null;
  readonly clv: {
    readonly historical: number;
    readonly residual: number;
    readonly total: number;
  } | null;
  /** ISO-8601 time of the customer's last event. */
  readonly lastActivityAt: string;
}

/** The portfolio summary of `tenure project`. */
export interface ProjectPortfolio {
  readonly customers: number;
  readonly stages: Readonly<Record<string, number>>;
  /** Share of the customers active a year before `asOf` who were lost by `asOf`. */
  readonly attrition: {
    readonly activeAtStart: number;
    readonly lost: number;
    readonly rate: number | null;
  } | null;
  readonly currency: string | null;
  readonly customerEquity: number;
  readonly residualEquity: number;
}

/** A customer's record: stage, machines, and what the models say. */
export function projectRecord(valued: ValuedProjection, customer: CustomerState): ProjectRecord {
  const value = valued.values.get(customer.customerId);
  const machines: Record<string, string> = {};
  for (const [id, state] of Object.entries(customer.machines)) machines[id] = state.value;
  return {
    customerId: customer.customerId,
    stage: customer.stage,
    machines,
    churnRisk: value === undefined ? null : { ...value.churnRisk },
    pAlive: value?.pAlive ?? null,
    clv: value === undefined ? null : { ...value.clv },
    lastActivityAt: new Date(customer.facts.lastActivityAt).toISOString(),
  };
}

/** Customers per stage, attrition over the last year and customer equity. */
export function projectPortfolio(valued: ValuedProjection): ProjectPortfolio {
  const { projection } = valued;
  const asOf = projection.asOf;
  let customerEquity = 0;
  let residualEquity = 0;
  for (const value of valued.values.values()) {
    customerEquity += value.clv.total;
    residualEquity += value.clv.residual;
  }
  const attrition =
    asOf === undefined || projection.activeStages === undefined || projection.customers.length === 0
      ? undefined
      : attritionRate(projection, { from: asOf - YEAR_MS, to: asOf });
  return {
    customers: projection.customers.length,
    stages:
      asOf === undefined
        ? Object.fromEntries(projection.stages.map((stage) => [stage, 0]))
        : { ...stageCounts(projection, { at: asOf }).counts },
    attrition:
      attrition === undefined
        ? null
        : {
            activeAtStart: attrition.activeAtStart,
            lost: attrition.lost,
            rate: attrition.rate ?? null,
          },
    currency: valued.modelled.currency ?? null,
    customerEquity,
    residualEquity,
  };
}
