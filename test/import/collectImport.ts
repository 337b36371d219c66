import type { TenureEvent } from '../../src/events/TenureEvent.js';
import type { ImportOptions } from '../../src/import/ImportOptions.js';
import { type ImportBatch, importEvents } from '../../src/import/importEvents.js';

/** Runs `importEvents` to the end: its batches, and their events and rejected rows in order. */
export async function collectImport(
  source: Parameters<typeof importEvents>[0],
  options: ImportOptions = {},
) {
  const batches: ImportBatch[] = [];
  for await (const batch of importEvents(source, options)) batches.push(batch);
  return {
    batches,
    events: batches.flatMap((batch) => batch.events) as TenureEvent[],
    rejected: batches.flatMap((batch) => batch.rejected),
  };
}
