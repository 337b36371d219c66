import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { deriveEventId } from '../../src/import/deriveEventId.js';
import { type ImportToLogOptions, importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';

const header = 'customer_id,date,amount';
const csv = (...rows: string[]) => [header, ...rows].join('\n');
const options: ImportToLogOptions = { defaultCurrency: 'EUR' };

async function stored(log: EventLog) {
  const events: StoredEvent[] = [];
  for await (const event of log.read()) events.push(event);
  return events;
}

async function importBoth(first: string, second: string, more: ImportToLogOptions = {}) {
  const log = createMemoryLog();
  const once = await importToLog(log, first, { ...options, ...more });
  const again = await importToLog(log, second, { ...options, ...more });
  return { log, once, again, events: await stored(log) };
}

describe('re-importing a changed export (ids do not depend on line numbers)', () => {
  it('appends only the row added on top of a grown export (the reviewed w1.csv, w2.csv)', async () => {
    const { once, again, events } = await importBoth(
      csv('c1,2024-01-05,10', 'c2,2024-01-06,20'),
      csv('c0,2024-01-07,5', 'c1,2024-01-05,10', 'c2,2024-01-06,20'),
    );
    expect(once).toMatchObject({ appended: 2, duplicates: 0, rejected: 0 });
    expect(again).toMatchObject({ rowsRead: 3, appended: 1, duplicates: 2, rejected: 0 });
    expect(events.map((event) => event.customerId)).toEqual(['c1', 'c2', 'c0']);
  });

  it('appends only the row inserted in the middle', async () => {
    const { again, events } = await importBoth(
      csv('c1,2024-01-05,10', 'c2,2024-01-06,20', 'c3,2024-01-07,30'),
      csv('c1,2024-01-05,10', 'c9,2024-01-05,99', 'c2,2024-01-06,20', 'c3,2024-01-07,30'),
    );
    expect(again).toMatchObject({ appended: 1, duplicates: 3 });
    expect(events).toHaveLength(4);
  });

  it('appends nothing after a row was deleted, as the CLI advises for a rejected one', async () => {
    const { again, events } = await importBoth(
      csv('c1,2024-01-05,10', 'c2,2024-01-06,oops', 'c3,2024-01-07,30'),
      csv('c1,2024-01-05,10', 'c3,2024-01-07,30'),
    );
    expect(again).toMatchObject({ appended: 0, duplicates: 2, rejected: 0 });
    expect(events.map((event) => event.customerId)).toEqual(['c1', 'c3']);
  });

  it('appends the fixed row, and nothing else, after a rejected row was corrected', async () => {
    const { once, again, events } = await importBoth(
      csv('c1,2024-01-05,10', 'c2,2024-01-06,2,50', 'c3,2024-01-07,30'),
      csv('c1,2024-01-05,10', 'c2,2024-01-06,2.50', 'c3,2024-01-07,30'),
    );
    expect(once).toMatchObject({ appended: 2, rejected: 1 });
    expect(again).toMatchObject({ appended: 1, duplicates: 2, rejected: 0 });
    expect(events.map((event) => (event.data as { amount: number }).amount)).toEqual([10, 30, 2.5]);
  });

  it('skips everything when the same file is imported again', async () => {
    const file = csv('c1,2024-01-05,10', 'c1,2024-01-05,10', 'c2,2024-01-06,20');
    const { again, events } = await importBoth(file, file);
    expect(again).toMatchObject({ rowsRead: 3, appended: 0, duplicates: 3 });
    expect(events).toHaveLength(3);
  });

  it('keeps two identical rows of one file as two events, and a third one added later as a third', async () => {
    const { once, again, events } = await importBoth(
      csv('c1,2024-01-05,10', 'c1,2024-01-05,10'),
      csv('c0,2024-01-01,1', 'c1,2024-01-05,10', 'c1,2024-01-05,10', 'c1,2024-01-05,10'),
    );
    expect(once).toMatchObject({ appended: 2, duplicates: 0 });
    expect(again).toMatchObject({ appended: 2, duplicates: 2 });
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
  });

  it('gives the same event the same id across files of one source, however the row is written', async () => {
    const { again } = await importBoth(
      csv('c1,2024-01-05,10', 'c2,2024-01-06,20'),
      [
        'amount;date;customer_id;note',
        '20.00;2024-01-06; c2 ;second file',
        '"10";20240105;c1;',
      ].join('\n'),
      { source: 'shop' },
    );
    expect(again).toMatchObject({ appended: 0, duplicates: 2, rejected: 0 });
  });

  it('gives the same row of another source another id', async () => {
    const file = csv('c1,2024-01-05,10');
    const log = createMemoryLog();
    await importToLog(log, file, { ...options, source: 'shop' });
    const other = await importToLog(log, file, { ...options, source: 'till' });
    expect(other).toMatchObject({ appended: 1, duplicates: 0, rejected: 0 });
  });

  it('derives the id deriveEventId documents, with the purchase as its own order', async () => {
    const { events } = await importBoth(csv('c1,2024-01-05,10', 'c1,2024-01-05,10'), csv());
    const content = {
      type: 'purchase',
      customerId: 'c1',
      at: Date.UTC(2024, 0, 5),
      data: { amount: 10, currency: 'EUR' },
    };
    expect(events.map((event) => event.id)).toEqual([
      deriveEventId(content, 1),
      deriveEventId(content, 2),
    ]);
    expect(events[0]?.id).toMatch(/^import-[0-9a-f]{24}$/);
    expect(events.map((event) => (event.data as { orderId: string }).orderId)).toEqual(
      events.map((event) => event.id),
    );
  });
});
