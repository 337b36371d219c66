/**
 * Valuation cost (issue 4): `project(log, { asOf, churn, clv })` against the plain projection
 * `project(log, { asOf })` of the same memory log, on the seeded sample business (default
 * 100,000 people, `TENURE_BENCH_VALUATION_CUSTOMERS` to change), measured in the same run. The
 * valuing projection also fits BG/NBD, Gamma-Gamma and sBG; the fit and the scoring are timed
 * apart too (fitValuationModels, valueCustomers).
 */
import type { EventInput, StoredEvent } from '../src/events/TenureEvent.js';
import { createMemoryLog } from '../src/log/createMemoryLog.js';
import { createLifecycle } from '../src/projection/createLifecycle.js';
import { generateSampleBusiness } from '../src/sample/generateSampleBusiness.js';
import { customerEquity } from '../src/valuation/customerEquity.js';
import { fitValuationModels } from '../src/valuation/fitValuationModels.js';
import { resolveValuationSettings } from '../src/valuation/ValuationOptions.js';
import { valueCustomers } from '../src/valuation/valueCustomers.js';
import { formatNumber, measure, report } from './harness.js';

const CUSTOMERS = Number(process.env.TENURE_BENCH_VALUATION_CUSTOMERS ?? 100_000);
const AS_OF = Date.parse('2024-09-30T23:59:59Z');

console.log(`\nvaluation: generating the sample business of ${formatNumber(CUSTOMERS)} people ...`);
const inputs: EventInput[] = [...generateSampleBusiness({ seed: 42, customers: CUSTOMERS })];
const log = createMemoryLog();
for (let index = 0; index < inputs.length; index += 10_000) {
  await log.append(inputs.slice(index, index + 10_000));
}
const lifecycle = createLifecycle();
const counted = inputs.filter((event) => (event.at as number) <= AS_OF).length;

// The plain projection twice (the first run also warms the JIT up); the faster one is the baseline.
const first = await measure(() => lifecycle.project(log, { asOf: AS_OF }));
const second = await measure(() => lifecycle.project(log, { asOf: AS_OF }));
const plain = first.seconds < second.seconds ? first : second;
const valued = await measure(() =>
  lifecycle.project(log, { asOf: AS_OF, churn: true, clv: { margin: 0.3 } }),
);
const stored: StoredEvent[] = [];
for await (const event of log.read({ until: AS_OF })) stored.push(event);
const settings = resolveValuationSettings('bench', true, { margin: 0.3 });
const fitted = await measure(() => fitValuationModels(stored, AS_OF, settings));
const scored = await measure(() =>
  valueCustomers(plain.result.customers, fitted.result, settings, AS_OF),
);

const valuation = valued.result.valuation;
const equity = customerEquity(valued.result);
report('valuation', [
  {
    case: 'project(log, { asOf })',
    value: counted / plain.seconds,
    unit: 'events/s',
    ratio: '1x (baseline)',
    note: `${formatNumber(plain.seconds)} s, ${formatNumber(plain.result.customers.length)} customers`,
  },
  {
    case: 'project(log, { asOf, churn, clv })',
    value: counted / valued.seconds,
    unit: 'events/s',
    ratio: `${formatNumber(valued.seconds / plain.seconds)}x the time of the baseline`,
    note: `${formatNumber(valued.seconds)} s, peak RSS ${formatNumber(valued.peakRssMiB)} MiB`,
  },
  {
    case: '  of which: fit (summary, BG/NBD, Gamma-Gamma, sBG)',
    value: fitted.seconds,
    unit: 's',
    note: `${formatNumber(fitted.result.summary?.rows.length ?? 0)} distinct (x, t_x, T) rows`,
  },
  {
    case: '  of which: scoring every customer',
    value: scored.seconds,
    unit: 's',
    note: `${formatNumber(equity.valued)} valued; ${JSON.stringify(valuation?.valued.notValued)}`,
  },
  {
    case: 'customer equity (margin 0.3, 10 % a year, unlimited horizon)',
    value: equity.total,
    unit: equity.currency ?? '',
    note: `BG/NBD converged: ${valuation?.purchases.converged}; sBG: ${JSON.stringify(
      Object.fromEntries(
        Object.entries(valuation?.subscriptions ?? {}).map(([period, fit]) => [
          period,
          fit.converged,
        ]),
      ),
    )}`,
  },
]);
