import { didYouMean, unknownKey, unknownOption } from '../errors/unknownOption.js';
import type { BuiltInEvent } from '../events/catalog/builtInEventTypes.js';
import { normalizeTime } from '../events/normalizeTime.js';
import { createSeededRandom } from './createSeededRandom.js';
import { type SamplePurchaseModel, simulatePerson } from './simulatePerson.js';

/** Options of {@link generateSampleBusiness}. */
export interface SampleBusinessOptions {
  /** Seed of the PRNG: the same seed (and options) gives the same events. Default: 1. */
  readonly seed?: number | string;
  /** People the business reaches (prospects; about 55% become customers). Default: 1000. */
  readonly customers?: number;
  /** First day of the simulated history (ISO-8601, epoch ms or Date). Default: `2023-01-01`. */
  readonly start?: string | number | Date;
  /** Last moment of the history: nothing happens after it. Default: `2025-01-01`. */
  readonly end?: string | number | Date;
  /** Currency of every amount. Default: `USD`. */
  readonly currency?: string;
  /**
   * Repeat-purchase dynamics (BG/NBD, weeks) and spend (Gamma-Gamma). Default: the published
   * CDNOW fits, r 0.243, alpha 4.414, a 0.793, b 2.426, p 6.25, q 3.74, gamma 15.44.
   */
  readonly purchaseModel?: Partial<SamplePurchaseModel>;
  /**
   * `customer`: one customer's events after another's, each in time order; memory stays bounded.
   * `time`: every event sorted by time (holds them all). Default: `customer`.
   */
  readonly order?: 'customer' | 'time';
}

/** The CDNOW fits (Fader, Hardie & Lee 2005; Fader & Hardie 2013). */
export const CDNOW_PURCHASE_MODEL: SamplePurchaseModel = Object.freeze({
  r: 0.243,
  alpha: 4.414,
  a: 0.793,
  b: 2.426,
  p: 6.25,
  q: 3.74,
  gamma: 15.44,
});

/**
 * Generates the event history of a seeded sample business: touchpoints, leads through open,
 * contacted, qualified and unqualified, opportunities won and lost, first and repeat purchases
 * (BG/NBD with Gamma-Gamma spend, over four product categories), refunds, subscriptions renewing,
 * upgrading and cancelling, product usage, support cases, NPS/CSAT/CES answers, reviews,
 * referrals and co-creation: every built-in event type, so every machine and preset has
 * something to show. Deterministic: ids and content depend only on the options, and a person's
 * history does not change when `customers` grows. Customer ids are `cust-000001`, ... whatever the
 * seed, so two seeds in one log merge their people (each seed's cust-000001 is one customer
 * there); event ids are `sample-<seed>-<customerId>-<n>`.
 *
 * @example
 * ```ts
 * const log = createMemoryLog();
 * const events = [...generateSampleBusiness({ seed: 7, customers: 200 })];
 * await log.append(events);
 * ```
 */
export function* generateSampleBusiness(
  options: SampleBusinessOptions = {},
): Generator<BuiltInEvent> {
  const unknown = unknownOption('generateSampleBusiness', options, SAMPLE_OPTIONS);
  if (unknown !== undefined) throw new RangeError(unknown);
  checkPurchaseModel(options.purchaseModel);
  const seed = options.seed ?? 1;
  const customers = options.customers ?? 1000;
  if (!Number.isInteger(customers) || customers < 0) {
    throw new RangeError(
      `generateSampleBusiness: customers must be an integer >= 0, got ${customers}.`,
    );
  }
  const start = time('start', options.start ?? '2023-01-01');
  const end = time('end', options.end ?? '2025-01-01');
  if (end <= start) {
    throw new RangeError(
      `generateSampleBusiness: end (${new Date(end).toISOString()}) must come after start (${new Date(start).toISOString()}).`,
    );
  }
  const currency = options.currency ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new RangeError(
      `generateSampleBusiness: currency ${JSON.stringify(currency)} is not an ISO 4217 code; use e.g. "USD".`,
    );
  }
  const model = { ...CDNOW_PURCHASE_MODEL, ...options.purchaseModel };
  const root = createSeededRandom(`tenure-sample/${String(seed)}`);
  const prefix = `sample-${String(seed)}-`;
  const all: BuiltInEvent[] = [];
  for (let index = 0; index < customers; index++) {
    const random = root.fork(index);
    const customerId = customerIdOf(index);
    // Referrals point at one of the next 50 people (who may lie beyond `customers`), so an
    // advocate's referral can often be followed, and a person never depends on `customers`.
    const referralTarget = customerIdOf(index + 1 + Math.floor(random.next() * 50));
    const drafts = simulatePerson(random, {
      customerId,
      referralTarget,
      start,
      end,
      currency,
      model,
    });
    drafts.sort((a, b) => a.at - b.at);
    let sequence = 0;
    for (const draft of drafts) {
      sequence += 1;
      const event = {
        id: `${prefix}${customerId}-${String(sequence).padStart(4, '0')}`,
        type: draft.type,
        customerId,
        at: draft.at,
        data: draft.data,
      } as BuiltInEvent;
      if (options.order === 'time') all.push(event);
      else yield event;
    }
  }
  if (options.order === 'time') {
    all.sort((a, b) => a.at - b.at);
    yield* all;
  }
}

const SAMPLE_OPTIONS: readonly (keyof SampleBusinessOptions)[] = [
  'seed',
  'customers',
  'start',
  'end',
  'currency',
  'purchaseModel',
  'order',
];
const MODEL_PARAMETERS = Object.keys(CDNOW_PURCHASE_MODEL);

/** Rejects a parameter the purchase model does not have: `{ alfa }` would keep CDNOW's alpha. */
function checkPurchaseModel(model: Partial<SamplePurchaseModel> | undefined): void {
  if (typeof model !== 'object' || model === null) return;
  const unknown = unknownKey(model, MODEL_PARAMETERS);
  if (unknown === undefined) return;
  throw new RangeError(
    `generateSampleBusiness: unknown option "purchaseModel.${unknown.key}"${didYouMean(unknown)}; the parameters of purchaseModel are ${MODEL_PARAMETERS.join(', ')}.`,
  );
}

function customerIdOf(index: number): string {
  return `cust-${String(index + 1).padStart(6, '0')}`;
}

function time(name: string, value: string | number | Date): number {
  const at = normalizeTime(value);
  if (at === undefined) {
    throw new RangeError(
      `generateSampleBusiness: ${name} ${JSON.stringify(value)} is not a time; use an ISO-8601 date such as "2024-01-01", epoch ms or a Date.`,
    );
  }
  return at;
}
