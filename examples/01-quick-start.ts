// 01 quick start: append events to a log, project every customer's stage.
// Run: npx tsx examples/01-quick-start.ts
import { createLifecycle, createMemoryLog } from 'tenure';

const log = createMemoryLog();
await log.append([
  { id: 'e1', type: 'lead.captured', customerId: 'ada', at: '2024-01-05', data: { source: 'web' } },
  {
    id: 'e2',
    type: 'purchase',
    customerId: 'ada',
    at: '2024-02-01',
    data: { orderId: 'o1', amount: 40, currency: 'EUR' },
  },
  {
    id: 'e3',
    type: 'purchase',
    customerId: 'ada',
    at: '2024-03-01',
    data: { orderId: 'o2', amount: 25, currency: 'EUR' },
  },
  {
    id: 'e4',
    type: 'lead.captured',
    customerId: 'bob',
    at: '2024-03-02',
    data: { source: 'fair' },
  },
]);
const projection = await createLifecycle().project(log, { asOf: '2024-03-10' });
for (const c of projection.customers)
  console.log(
    `${c.customerId}: ${c.stage} (${c.facts.purchases} purchases, revenue ${c.facts.revenue})`,
  );
