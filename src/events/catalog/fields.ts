import * as v from 'valibot';

/** Shared field schemas of the built-in event types. */

export const identifier = v.pipe(
  v.string(),
  v.minLength(1, 'a non-empty string'),
  v.maxLength(256, 'a string of at most 256 characters'),
);

export const label = v.pipe(v.string(), v.maxLength(256, 'a string of at most 256 characters'));

export const text = v.pipe(
  v.string(),
  v.maxLength(10_000, 'a string of at most 10,000 characters'),
);

/**
 * Largest amount of one event, in currency units (a quadrillion): beyond any real transaction,
 * and small enough that the sums of revenue, refunds and CLV over any log stay finite.
 */
export const MAX_AMOUNT = 1e15;

export const money = v.pipe(
  v.number(),
  v.finite('a finite number'),
  v.minValue(0, 'a number >= 0'),
  v.maxValue(MAX_AMOUNT, 'a number <= 1e15'),
);

export const positiveMoney = v.pipe(
  v.number(),
  v.finite('a finite number'),
  v.check((amount) => amount > 0, 'a number > 0'),
  v.maxValue(MAX_AMOUNT, 'a number <= 1e15'),
);

export const currency = v.pipe(
  v.string(),
  v.regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as "USD"'),
);

export const count = v.pipe(v.number(), v.integer('an integer'), v.minValue(1, 'an integer >= 1'));
