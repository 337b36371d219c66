import { builtInEventTypes } from '../../events/catalog/builtInEventTypes.js';
import type { EventLog } from '../../log/EventLog.js';
import type { CustomerState } from '../../projection/CustomerState.js';
import { stageCounts } from '../../projection/portfolio/stageCounts.js';
import type { ValuedProjection } from '../../report/projectWithValues.js';
import { clvLabel } from '../commands/marginFlag.js';
import { formatAmount, formatPercent } from '../format/formatNumbers.js';
import { formatTable } from '../format/formatTable.js';
import { formatCount } from '../parseCommandArgs.js';

/** What each section of `tenure demo` can look at. */
export interface DemoContext {
  /** The log holding the sample business. */
  readonly log: EventLog;
  /** The end of the sample's history: the natural `asOf` of projections. */
  readonly asOf: number;
  readonly currency: string;
  /** `--margin`: the share of spend the CLV counts. */
  readonly margin: number;
  /** The log projected at `asOf`, with each buyer's churn risk and CLV. */
  readonly valued: ValuedProjection;
}

/** One titled block of the demo's output. */
export interface DemoSection {
  readonly title: string;
  /** The block's lines (without the title), computed from the log. */
  render(context: DemoContext): Promise<readonly string[]>;
}

/** What the log holds: events, people, customers, purchases and refunds, the time span. */
export const overviewSection: DemoSection = {
  title: 'Overview',
  async render({ log, currency, valued }) {
    const people = new Set<string>();
    let events = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for await (const event of log.read()) {
      events += 1;
      people.add(event.customerId);
      first = Math.min(first, event.at);
      last = Math.max(last, event.at);
    }
    // The projection's facts, as the models see them: revenue is gross purchases (voided ones
    // left out), refunds are kept apart.
    let buyers = 0;
    let purchases = 0;
    let refunds = 0;
    for (const { facts } of valued.projection.customers) {
      if (facts.purchases > 0) buyers += 1;
      purchases += facts.revenue;
      refunds += facts.refunds;
    }
    const day = (time: number) =>
      Number.isFinite(time) ? new Date(time).toISOString().slice(0, 10) : '-';
    const money = (amount: number) =>
      amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return table([
      ['events', formatCount(events)],
      ['people reached', formatCount(people.size)],
      ['customers (bought at least once)', formatCount(buyers)],
      [`purchases, before refunds (${currency})`, money(purchases)],
      [`refunds (${currency})`, money(refunds)],
      ['first event', day(first)],
      ['last event', day(last)],
    ]);
  },
};

/** How many events of each type, in life-cycle order. */
export const eventTypesSection: DemoSection = {
  title: 'Events per type',
  async render({ log }) {
    const counts = new Map<string, number>();
    for await (const event of log.read()) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    const order = builtInEventTypes.map((type) => type.type as string);
    const types = [...counts.keys()].sort((a, b) => rank(order, a) - rank(order, b));
    return table(types.map((type) => [type, formatCount(counts.get(type) ?? 0)]));
  },
};

/** Customers per stage at `asOf`, in funnel order, with their share. */
export const stagesSection: DemoSection = {
  title: 'Customers per stage',
  async render({ valued, asOf }) {
    const { projection } = valued;
    const { counts, total } = stageCounts(projection, { at: asOf });
    return table(
      projection.stages.map((stage) => {
        const count = counts[stage] ?? 0;
        return [
          stage,
          `${formatCount(count)}  ${formatPercent(total === 0 ? undefined : count / total).padStart(7)}`,
        ];
      }),
    );
  },
};

/** The ten customers with the highest lifetime value. */
export const topClvSection: DemoSection = {
  title: 'Highest lifetime value (historical + residual)',
  async render(context) {
    return customerTable(context, (a, b) => (b.clv?.total ?? 0) - (a.clv?.total ?? 0));
  },
};

/** The ten active customers most likely to be lost already. */
export const atRiskSection: DemoSection = {
  title: 'Most at risk (active customers, by churn risk)',
  async render(context) {
    const active = new Set(context.valued.projection.activeStages ?? []);
    return customerTable(
      context,
      (a, b) =>
        (b.churnRisk?.probability ?? 0) - (a.churnRisk?.probability ?? 0) ||
        (b.clv?.total ?? 0) - (a.clv?.total ?? 0),
      (stage) => active.size === 0 || active.has(stage),
    );
  },
};

/** The sections `tenure demo` prints, in order. */
export const demoSections: readonly DemoSection[] = [
  overviewSection,
  eventTypesSection,
  stagesSection,
  topClvSection,
  atRiskSection,
];

function customerTable(
  { valued, currency, margin }: DemoContext,
  order: (a: CustomerState, b: CustomerState) => number,
  keep: (stage: string) => boolean = () => true,
): string[] {
  const rows = valued.projection.customers
    .filter((customer) => keep(customer.stage) && customer.clv !== undefined)
    .sort((a, b) => order(a, b) || (a.customerId < b.customerId ? -1 : 1))
    .slice(0, 10);
  return formatTable(
    [
      { header: 'customer', maxWidth: 24 },
      { header: 'stage' },
      { header: clvLabel(margin, currency), align: 'right' },
      { header: 'churn risk', align: 'right' },
      { header: 'purchases', align: 'right' },
      { header: 'last activity' },
    ],
    rows.map((customer) => [
      customer.customerId,
      customer.stage,
      formatAmount(customer.clv?.total),
      formatPercent(customer.churnRisk?.probability),
      formatCount(customer.facts.purchases),
      new Date(customer.facts.lastActivityAt).toISOString().slice(0, 10),
    ]),
  ).map((line) => `  ${line}`);
}

/** Two aligned columns: labels left, values right. */
export function table(rows: readonly (readonly [string, string])[]): string[] {
  const labelWidth = Math.max(0, ...rows.map(([label]) => label.length));
  const valueWidth = Math.max(0, ...rows.map(([, value]) => value.length));
  return rows.map(
    ([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}`,
  );
}

function rank(order: readonly string[], type: string): number {
  const index = order.indexOf(type);
  return index === -1 ? order.length : index;
}
