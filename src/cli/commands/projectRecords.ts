import type { CustomerState } from '../../projection/CustomerState.js';
import {
  createPortfolioTally,
  type ReportPortfolio,
  type TalliedPortfolio,
} from '../../report/PortfolioTally.js';
import type { ValuedProjection } from '../../report/projectWithValues.js';

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

/**
 * Customers per stage, attrition over the last year and customer equity of a whole projection:
 * what {@link portfolioRecord} gives of its customers streamed.
 */
export function projectPortfolio(valued: ValuedProjection): ProjectPortfolio {
  const { projection } = valued;
  const tally = createPortfolioTally(projection, projection.asOf);
  for (const customer of projection.customers) tally.add(customer);
  return portfolioRecord(projection, tally.result(), projection.valuation?.currency);
}

/**
 * The portfolio summary of a projection's customers summed up by `createPortfolioTally`:
 * `portfolio` gives the time and the active stages, `currency` is the valuation's.
 */
export function portfolioRecord(
  portfolio: ReportPortfolio,
  tallied: TalliedPortfolio,
  currency: string | undefined,
): ProjectPortfolio {
  return {
    customers: tallied.people,
    stages: { ...tallied.stageCounts },
    attrition:
      portfolio.asOf === undefined || portfolio.activeStages === undefined || tallied.people === 0
        ? null
        : tallied.attrition,
    currency: currency ?? null,
    customerEquity: tallied.customerEquity,
    residualEquity: tallied.residualEquity,
  };
}

/** The columns of `tenure project --csv`: the machines and `clv` as flat columns. */
export function projectCsvHeaders(machineIds: readonly string[]): string[] {
  return [
    'customerId',
    'stage',
    ...machineIds.map((id) => `machine.${id}`),
    'churnRisk',
    'churnBand',
    'pAlive',
    'clv.historical',
    'clv.residual',
    'clv.total',
    'lastActivityAt',
  ];
}

/** A record's fields in the order of {@link projectCsvHeaders}. */
export function projectCsvFields(
  record: ProjectRecord,
  machineIds: readonly string[],
): (string | number | undefined)[] {
  return [
    record.customerId,
    record.stage,
    ...machineIds.map((id) => record.machines[id]),
    record.churnRisk?.probability,
    record.churnRisk?.band,
    record.pAlive ?? undefined,
    record.clv?.historical,
    record.clv?.residual,
    record.clv?.total,
    record.lastActivityAt,
  ];
}
