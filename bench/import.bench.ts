/**
 * Import and sample-generation throughput.
 *
 * - `naive split`: the baseline, splitting the same CSV text on newlines and commas and parsing
 *   the numbers (no validation, no events);
 * - `importEvents`: the same rows to validated purchase events, streamed from 64 KiB chunks;
 *   run at two sizes to show that peak memory does not grow with the file (bounded batches);
 * - `generateSampleBusiness`: events of the seeded sample business per second.
 *
 * `TENURE_BENCH_IMPORT_ROWS` sets the rows of the larger import (default 500,000; the smaller is a
 * tenth); `TENURE_BENCH_IMPORT_SAMPLE_CUSTOMERS` the people of the sample business (default 5,000).
 */
import { importEvents } from '../src/import/importEvents.js';
import { generateSampleBusiness } from '../src/sample/generateSampleBusiness.js';
import { formatNumber, measure, report } from './harness.js';

const ROWS = Number(process.env.TENURE_BENCH_IMPORT_ROWS ?? 500_000);
const SAMPLE_CUSTOMERS = Number(process.env.TENURE_BENCH_IMPORT_SAMPLE_CUSTOMERS ?? 5_000);
const CHUNK = 64 * 1024;

function row(index: number): string {
  const day = String((index % 28) + 1).padStart(2, '0');
  return `${index % 20_000},1997${String((index % 12) + 1).padStart(2, '0')}${day},${(index % 97) + 0.5}\n`;
}

/** The CSV as 64 KiB chunks, produced on demand: the file never exists in memory whole. */
function* chunks(rows: number): Generator<string> {
  let buffer = 'customer,date,amount\n';
  for (let index = 0; index < rows; index++) {
    buffer += row(index);
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

async function runImport(rows: number): Promise<number> {
  let events = 0;
  for await (const batch of importEvents(chunks(rows), {
    dateFormat: 'yyyymmdd',
    defaultCurrency: 'USD',
  })) {
    events += batch.events.length;
  }
  if (events !== rows) throw new Error(`expected ${rows} events, got ${events}`);
  return events;
}

const naive = await measure(() => {
  let total = 0;
  for (const chunk of chunks(ROWS)) {
    for (const line of chunk.split('\n')) {
      const fields = line.split(',');
      if (fields.length === 3) total += Number(fields[2]) + Number(fields[1]);
    }
  }
  return total;
});
const small = await measure(() => runImport(ROWS / 10));
const large = await measure(() => runImport(ROWS));
const naiveRate = ROWS / naive.seconds;
const importRate = ROWS / large.seconds;
const sample = await measure(() => {
  let count = 0;
  for (const _event of generateSampleBusiness({ seed: 1, customers: SAMPLE_CUSTOMERS })) count++;
  return count;
});

report('import', [
  { case: 'naive split (baseline)', value: naiveRate, unit: 'rows/s' },
  {
    case: `importEvents, ${formatNumber(ROWS)} rows`,
    value: importRate,
    unit: 'rows/s',
    ratio: `${formatNumber(importRate / naiveRate)}x of naive split`,
    note: `peak RSS ${formatNumber(large.peakRssMiB)} MiB after ${formatNumber(ROWS / 10)} rows took ${formatNumber(small.peakRssMiB)} MiB`,
  },
  {
    case: `generateSampleBusiness, ${formatNumber(SAMPLE_CUSTOMERS)} people`,
    value: sample.result / sample.seconds,
    unit: 'events/s',
    note: `${formatNumber(sample.result)} events`,
  },
]);
