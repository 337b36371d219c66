import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { importEvents } from '../../src/import/importEvents.js';

/** The shared CDNOW data directory (never copied into the repo). */
export const cdnowData = (file: string): string =>
  fileURLToPath(new URL(`../../../shared/data/${file}`, import.meta.url));

/** The 6,919 raw CDNOW transactions as purchase events, through tenure's own importer. */
export async function loadCdnowEvents(): Promise<TenureEvent[]> {
  const events: TenureEvent[] = [];
  for await (const batch of importEvents(createReadStream(cdnowData('cdnowElog.csv')), {
    columns: { customer: 'sampleid', date: 'date', amount: 'sales' },
    dateFormat: 'yyyymmdd',
    defaultCurrency: 'USD',
    batchSize: 10_000,
  })) {
    if (batch.rejected.length > 0) {
      throw new Error(`CDNOW import rejected rows: ${JSON.stringify(batch.rejected.slice(0, 3))}`);
    }
    events.push(...batch.events);
  }
  return events;
}

/** A CSV file of the shared data as rows of named numeric-or-string fields. */
export function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(cdnowData(file), 'utf8').trim().split(/\r?\n/);
  const header = (lines.shift() ?? '').split(',').map((name) => name.replaceAll('"', ''));
  return lines.map((line) => {
    const fields = line.split(',').map((field) => field.replaceAll('"', ''));
    return Object.fromEntries(header.map((name, i) => [name, fields[i] ?? '']));
  });
}
