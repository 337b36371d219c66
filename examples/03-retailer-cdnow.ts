// 03 a retailer: the CDNOW sample (2,357 customers who first bought in Q1 1997, 18 months of CD
// purchases). Import the CSV, fit BG/NBD (who is still alive, how often they buy) and
// Gamma-Gamma (how much they spend) on the calibration period to 1997-09-30, value every
// customer, then check the forecast against the 39-week holdout that the fit never saw.
// Run: npx tsx examples/03-retailer-cdnow.ts
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  checkHoldout,
  createLifecycle,
  createMemoryLog,
  customerEquity,
  findCustomer,
  importToLog,
  type TenureEvent,
} from 'tenure';

// The data lives beside the repository (../shared/data), never inside it.
const file = fileURLToPath(new URL('../../shared/data/cdnowElog.csv', import.meta.url));
if (!existsSync(file)) {
  console.error(`CDNOW data not found at ${file}.`);
  console.error(
    'Put cdnowElog.csv (columns masterid,sampleid,date,cds,sales) there and run again.',
  );
  process.exit(1);
}

// 1. Import: one purchase event per row; ids are derived from the row, so re-running is a no-op.
const log = createMemoryLog();
const imported = await importToLog(log, createReadStream(file), {
  columns: { customer: 'sampleid', date: 'date', amount: 'sales' },
  dateFormat: 'yyyymmdd',
  defaultCurrency: 'USD',
  batchSize: 10_000,
});
console.log(`imported ${imported.appended} purchases (${imported.rejected} rows rejected)`);

// 2. Project as of the calibration end, with churn risk and CLV (30 % margin, 10 % a year).
const projection = await createLifecycle().project(log, {
  asOf: '1997-09-30T23:59:59Z',
  churn: true,
  clv: { margin: 0.3 },
});
const report = projection.valuation;
const bgnbd = report?.purchases.params ?? {};
const gg = report?.spend.params ?? {};
const fmt = (params: Readonly<Record<string, number>>) =>
  Object.entries(params)
    .map(([name, value]) => `${name} = ${value.toPrecision(3)}`)
    .join(', ');
console.log(`customers: ${projection.customers.length}`);
console.log(`BG/NBD (weeks): ${fmt(bgnbd)}; LL ${report?.purchases.logLikelihood?.toFixed(2)}`);
console.log(`Gamma-Gamma: ${fmt(gg)}`);

const one = findCustomer(projection, '1');
console.log(
  `customer 1: stage ${one?.stage}, P(alive) ${one?.pAlive?.toFixed(3)}, churn risk ${one?.churnRisk?.band}, CLV ${one?.clv?.total.toFixed(2)} USD`,
);
const equity = customerEquity(projection);
console.log(
  `customer equity at 30 % margin: ${equity.total.toFixed(0)} ${equity.currency} (${equity.valued} customers valued)`,
);

// 3. The holdout check: fit on the calibration period, forecast the repeat purchases of each
//    week to 1998-06-30, compare with what the customers actually did.
const events: TenureEvent[] = [];
for await (const event of log.read()) events.push(event);
const check = checkHoldout(events, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' });
const forecast = check.holdout.forecast ?? Number.NaN;
console.log(
  `holdout (39 weeks): actual ${check.holdout.actual.toLocaleString('en-US')} repeat purchases, forecast ${forecast.toFixed(0)} (${(100 * (check.holdout.relativeError ?? Number.NaN)).toFixed(1)} %)`,
);
const week78 = check.periods.at(-1);
console.log(
  `cumulative at week ${check.periods.length}: actual ${week78?.cumulativeActual}, forecast ${week78?.cumulativeForecast?.toFixed(0)}`,
);
