import type { CustomerState } from '../../projection/CustomerState.js';
import { attritionRate, YEAR_MS } from '../../projection/portfolio/attritionRate.js';
import { stageCounts } from '../../projection/portfolio/stageCounts.js';
import type { ValuedProjection } from '../../report/projectWithValues.js';
import { customerEquity } from '../../valuation/customerEquity.js';

/** One customer as `tenure project --json` prints it (CSV flattens `machines` and `clv`). */
export interface ProjectRecord {
  readonly customerId: string;
  readonly stage: string;
  /** Each machine's state value, by machine id. */
  readonly machines: Readonly<Record<string, string>>;
  readonly churnRisk: {
    readonly probability: number;
    readonly band: string;
    /** The model it comes from: `'bg/nbd'`, `'pareto/nbd'` or `'sbg'` (subscribers). */
    readonly model: string;
    /** The facts behind it, in plain words. */
    readonly drivers: readonly string[];
  } | null;
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
export function projectRecord(customer: CustomerState): ProjectRecord {
  const machines: Record<string, string> = {};
  for (const [id, state] of Object.entries(customer.machines)) machines[id] = state.value;
  const { churnRisk, clv } = customer;
  return {
    customerId: customer.customerId,
    stage: customer.stage,
    machines,
    churnRisk:
      churnRisk === undefined
        ? null
        : {
            probability: churnRisk.probability,
            band: churnRisk.band,
            model: churnRisk.model,
            drivers: [...churnRisk.drivers],
          },
    pAlive: customer.pAlive ?? null,
    clv:
      clv === undefined
        ? null
        : { historical: clv.historical, residual: clv.residual, total: clv.total },
    lastActivityAt: new Date(customer.facts.lastActivityAt).toISOString(),
  };
}

/** Customers per stage, attrition over the last year and customer equity. */
export function projectPortfolio(valued: ValuedProjection): ProjectPortfolio {
  const { projection } = valued;
  const asOf = projection.asOf;
  const equity = customerEquity(projection);
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
    currency: equity.currency ?? null,
    customerEquity: equity.total,
    residualEquity: equity.residual,
  };
}
