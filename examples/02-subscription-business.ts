// 02 a subscription business: monthly subscribers who renew until they cancel. tenure fits the
// shifted-beta-geometric (sBG) model to the renewals and gives every active subscriber a churn
// risk (the probability of not renewing next month) and a lifetime value.
// Run: npx tsx examples/02-subscription-business.ts
import {
  createLifecycle,
  createMemoryLog,
  createSeededRandom,
  customerEquity,
  DAY_MS,
  type EventInput,
  fitSbg,
  sbgRetentionRate,
  stageCounts,
} from 'tenure';

// 1. The events: 400 subscribers start a 20 EUR monthly plan during 2023. Each has her own
//    monthly churn probability, drawn from a beta distribution (heterogeneity is what the sBG
//    model captures: the ones who stay are the ones who were less likely to leave).
const random = createSeededRandom('subscriptions');
const asOf = Date.parse('2024-06-30T23:59:59Z');
const events: EventInput[] = [];
for (let i = 1; i <= 400; i++) {
  const customerId = `sub-${i}`;
  const subscriptionId = `plan-${i}`;
  const start = Date.parse('2023-01-01') + random.integer(0, 364) * DAY_MS;
  const churn = random.beta(0.7, 1.2);
  events.push({
    id: `${customerId}-start`,
    type: 'subscription.started',
    customerId,
    at: start,
    data: { subscriptionId, plan: 'basic', amount: 20, currency: 'EUR', interval: 'month' },
  });
  for (let month = 1; ; month++) {
    const at = new Date(start);
    at.setUTCMonth(at.getUTCMonth() + month);
    if (at.getTime() > asOf) break;
    if (random.chance(churn)) {
      events.push({
        id: `${customerId}-cancel`,
        type: 'subscription.cancelled',
        customerId,
        at: at.getTime() - DAY_MS,
        data: { subscriptionId },
      });
      break;
    }
    events.push({
      id: `${customerId}-renew-${month}`,
      type: 'subscription.renewed',
      customerId,
      at: at.getTime(),
      data: { subscriptionId, amount: 20, currency: 'EUR' },
    });
  }
}

// 2. Append them to a log and project as of the end of June 2024, with churn risk and CLV.
const log = createMemoryLog();
await log.append(events);
const projection = await createLifecycle().project(log, {
  asOf,
  churn: true,
  clv: { margin: 0.8 },
});

// 3. The sBG fit, per billing period, and what it says about retention.
const fit = projection.valuation?.subscriptions['1 month'];
const params = fit?.params as { alpha: number; beta: number };
console.log(`sBG fit on ${fit?.observations} subscriptions: converged ${fit?.converged}`);
console.log(`alpha = ${params.alpha.toPrecision(3)}, beta = ${params.beta.toPrecision(3)}`);
// r(t), the share of last period's subscribers who renew into period t, rises with t.
for (const period of [1, 2, 6, 12]) {
  const rate = sbgRetentionRate(params, period);
  console.log(`renewal rate at renewal ${period}: ${(100 * rate).toFixed(1)} %`);
}

// 4. Where the customers are, and what they are worth.
const { counts } = stageCounts(projection);
const occupied = Object.entries(counts).filter(([, count]) => count > 0);
console.log(`stages: ${occupied.map(([stage, count]) => `${stage} ${count}`).join(', ')}`);
const equity = customerEquity(projection);
console.log(
  `customer equity: ${equity.total.toFixed(0)} ${equity.currency} (realised ${equity.historical.toFixed(0)}, expected ${equity.residual.toFixed(0)})`,
);
const top = [...projection.customers]
  .filter((customer) => customer.stage !== 'churned')
  .sort((a, b) => (b.clv?.total ?? 0) - (a.clv?.total ?? 0))[0];
console.log(
  `most valuable active subscriber: ${top?.customerId}, ${top?.facts.events} payments, churn risk ${top?.churnRisk?.probability.toFixed(3)}, CLV ${top?.clv?.total.toFixed(2)}`,
);

// 5. The same model on a published cohort (Fader & Hardie 2007, "regular" customers, years 0-7).
const regular = fitSbg([1000, 631, 468, 382, 326, 289, 262, 241]);
console.log(
  `Fader & Hardie regular cohort: alpha = ${regular.params.alpha.toPrecision(3)}, beta = ${regular.params.beta.toPrecision(3)}`,
);
