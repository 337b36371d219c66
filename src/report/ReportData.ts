/** One row of the report's customer tables. */
export interface ReportCustomer {
  readonly customerId: string;
  readonly stage: string;
  readonly clv: number;
  readonly churnRisk: number;
  /** `null` for subscribers (the sBG has no P(alive)). */
  readonly pAlive: number | null;
  /** Last activity, ISO date. */
  readonly lastActivity: string;
}

/** A histogram: `counts[i]` values in [edges[i], edges[i + 1]); the last bin also counts the values above it. */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/**
 * Everything the HTML report shows, as plain JSON data: {@link buildReportData} computes it
 * from a log, {@link renderReport} draws it.
 */
export interface ReportData {
  readonly title: string;
  /** ISO-8601 time the report describes; `null` for an empty log (no time to describe). */
  readonly asOf: string | null;
  readonly lifecycle: string;
  readonly events: number;
  /** ISO-8601 time of the latest event at or before `asOf`; `null` for an empty log. */
  readonly lastEventAt: string | null;
  /** People in the log (prospects and leads included). */
  readonly people: number;
  /** People who bought at least once. */
  readonly buyers: number;
  /**
   * People who became customers by `asOf`: entered one of the lifecycle's active stages at some
   * time (a subscriber or a won deal with no purchase too), or, for a lifecycle that names no
   * active stages, bought at least once (`buyers`). `active` is never more.
   */
  readonly customers: number;
  /** People in an active stage at `asOf`. */
  readonly active: number;
  readonly currency: string | undefined;
  /** Share of spend the CLV counts (`clv.margin` of the valuation; 1: CLV is revenue). */
  readonly margin: number;
  /** Sum of every buyer's CLV (historical + residual). */
  readonly customerEquity: number;
  /** Customers with a lifetime value (the others could not be valued, e.g. another currency). */
  readonly valued: number;
  /**
   * Why nobody has a churn risk or CLV, in plain words (the purchase model's reason for not
   * fitting, e.g. too little data); `null` when someone has. The report says it in place of the
   * charts and tables it leaves empty.
   */
  readonly unvalued: string | null;
  /** Customers who bought but have no churn risk or CLV, by reason (e.g. another currency). */
  readonly notValued: Readonly<Record<string, number>>;
  /** Sum of the residual CLV: the value still to come. */
  readonly residualEquity: number;
  /**
   * Customers in the high churn-risk band (churn risk from `from` on), and how many of them are
   * still in an active stage: the others are already counted as churned or lost.
   */
  readonly highRisk: { readonly from: number; readonly customers: number; readonly active: number };
  /** Share of active customers a year ago lost since, or `null` when unknown. */
  readonly annualAttrition: number | null;
  /** Stages in funnel order with their counts at `asOf`. */
  readonly stages: readonly { readonly stage: string; readonly count: number }[];
  readonly activeStages: readonly string[];
  /** Funnel steps: of those who entered `from`, how many reached `to` or a later funnel stage. */
  readonly funnel: readonly {
    readonly from: string;
    readonly to: string;
    readonly entered: number;
    readonly converted: number;
    readonly rate: number | null;
  }[];
  /** Stage counts at the end of each month (`YYYY-MM`), one array per stage. */
  readonly stageFlow: {
    readonly months: readonly string[];
    readonly counts: Readonly<Record<string, readonly number[]>>;
  };
  /** Monthly acquisition cohorts (the last 12 with customers). */
  readonly cohorts: readonly {
    readonly cohort: string;
    readonly size: number;
    readonly retention: readonly number[];
  }[];
  readonly clvHistogram: Histogram;
  readonly churnHistogram: Histogram;
  /** BG/NBD P(alive) of a customer of age `age` weeks by repeat purchases and weeks since first purchase of the last one. */
  readonly pAliveGrid: {
    readonly age: number;
    readonly frequency: readonly number[];
    readonly recency: readonly number[];
    /** [recency index, frequency index, P(alive)]. */
    readonly cells: readonly (readonly [number, number, number])[];
  } | null;
  /** Weekly cumulative repeat purchases: actual, and expected by the fitted purchase model. */
  readonly tracking: {
    readonly weeks: readonly string[];
    readonly actual: readonly number[];
    readonly expected: readonly number[];
  } | null;
  /** The purchase model behind churn risk and CLV. */
  readonly model: {
    readonly name: string;
    readonly params: Readonly<Record<string, number>>;
    readonly logLikelihood: number;
    readonly converged: boolean;
  } | null;
  readonly topClv: readonly ReportCustomer[];
  readonly atRisk: readonly ReportCustomer[];
}
