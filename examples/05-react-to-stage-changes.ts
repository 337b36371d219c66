// 05 reacting to stage changes: a live projection follows the log event by event (or a daily
// job moves its clock), and calls you when a customer changes stage. Here: a win-back offer as
// soon as a customer becomes "at risk", and a thank-you when a customer comes back.
// Run: npx tsx examples/05-react-to-stage-changes.ts
import { createLifecycle, createMemoryLog, formatTime, type StageChange } from 'tenure';

// Customers are at risk after 2 of their usual gaps without a purchase, churned after 4
// (the retention machine's defaults); until a second purchase the usual gap is 30 days here.
const lifecycle = createLifecycle({ input: { retention: { expectedGapDays: 30 } } });
const live = lifecycle.createProjection();

const outbox: string[] = [];
live.onStageChange((change: StageChange) => {
  const day = formatTime(change.at).slice(0, 10);
  console.log(
    `${day} ${change.customerId}: ${change.from ?? '(new)'} -> ${change.to ?? '(left)'} [${change.cause}]`,
  );
  if (change.to === 'at risk') outbox.push(`win-back offer to ${change.customerId} on ${day}`);
  // `to` is undefined when voids left the customer without an event: no one came back then.
  if (change.from === 'at risk' && change.to !== undefined) {
    outbox.push(`thank-you note to ${change.customerId} on ${day}`);
  }
});

const purchase = (id: string, customerId: string, at: string, amount: number) => ({
  id,
  type: 'purchase',
  customerId,
  at,
  data: { orderId: id, amount, currency: 'EUR' },
});
const log = createMemoryLog();
await log.append([
  purchase('o1', 'carla', '2024-01-03', 30),
  purchase('o2', 'dmitri', '2024-01-05', 55),
  purchase('o3', 'carla', '2024-01-24', 42),
  purchase('o4', 'dmitri', '2024-02-02', 18),
  purchase('o5', 'dmitri', '2024-02-27', 60),
]);

// Catch up with the log, then let a daily job move the clock to the first of April.
for await (const event of log.read()) live.apply(event);
live.advanceTo('2024-04-01T00:00:00Z');

// Carla comes back: append her order and feed the live projection what is new in the log.
await log.append([purchase('o6', 'carla', '2024-04-02', 35)]);
for await (const event of log.read({ from: live.position + 1 })) live.apply(event);

console.log(`outbox:\n  ${outbox.join('\n  ')}`);
for (const customer of live.state().customers) {
  console.log(`${customer.customerId} is ${customer.stage} as of ${formatTime(live.now ?? 0)}`);
}
