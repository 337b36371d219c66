import { ModelInputError } from '../../errors/ModelInputError.js';

/** The smallest discount rate per period accepted for an infinite horizon. */
export const MIN_DISCOUNT_RATE_FOR_INFINITE_HORIZON = 1e-6;

/**
 * Checks a discount rate per period and a horizon in periods (an integer >= 0 or `Infinity`) for
 * the beta-geometric sums. An infinite undiscounted sum is finite only when the beta shape that
 * governs dropout (`shape`: sBG alpha, BG/BB gamma) is > 1; otherwise the caller must discount or
 * cut the horizon, and the error says so.
 */
export function checkDiscountedHorizon(
  api: string,
  discountRate: number,
  periods: number,
  shape: number,
  shapeName: string,
): void {
  if (typeof discountRate !== 'number' || !Number.isFinite(discountRate) || discountRate < 0) {
    throw new ModelInputError(
      api,
      'options.discountRate',
      'a finite rate per period >= 0',
      discountRate,
    );
  }
  const infinite = periods === Number.POSITIVE_INFINITY;
  if (!infinite && (typeof periods !== 'number' || !Number.isSafeInteger(periods) || periods < 0)) {
    throw new ModelInputError(api, 'options.periods', 'an integer >= 0 or Infinity', periods);
  }
  if (!infinite) return;
  if (discountRate === 0 && shape <= 1) {
    throw new ModelInputError(
      api,
      'options.discountRate',
      `> 0 for an infinite horizon when ${shapeName} <= 1 (the undiscounted sum diverges)`,
      discountRate,
      'Pass a discount rate or a finite number of periods.',
    );
  }
  if (discountRate > 0 && discountRate < MIN_DISCOUNT_RATE_FOR_INFINITE_HORIZON) {
    throw new ModelInputError(
      api,
      'options.discountRate',
      `0 or >= ${MIN_DISCOUNT_RATE_FOR_INFINITE_HORIZON} per period for an infinite horizon`,
      discountRate,
      'Pass a finite number of periods, or a discount rate per longer period.',
    );
  }
}
