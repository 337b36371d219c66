import { VOIDED_EVENT_TYPE } from '../events/dropVoided.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import { freezeDeep } from '../projection/freezeDeep.js';
import type { Projection } from '../projection/Projection.js';
import { resolveValuationSettings, type ValuationSettings } from './ValuationOptions.js';
import { type ValueProjectionOptions, valueProjection } from './valueProjection.js';

/** Collects the events a valuation needs while a projection folds, then values the result. */
export interface ValuationCollector {
  /** Keeps purchases, refunds and subscription events (the rest is not needed). */
  add(event: TenureEvent): void;
  /** Values the (unfrozen) projection and freezes it. */
  finish(projection: Projection): Projection;
}

/**
 * A collector for `project(log, { asOf, churn, clv })`, or `undefined` when neither `churn` nor
 * `clv` is asked for (the projection then costs nothing extra). Checks the options at once, so
 * that a bad option fails before the log is read.
 */
export function startValuation(
  api: string,
  options: ValueProjectionOptions | undefined,
): ValuationCollector | undefined {
  if (requestedValuation(api, options) === undefined) return undefined;
  const churn = options?.churn;
  const clv = options?.clv;
  const events: TenureEvent[] = [];
  return {
    add(event) {
      const type = event.type;
      if (
        type === 'purchase' ||
        type === 'refund' ||
        type.startsWith('subscription.') ||
        type === VOIDED_EVENT_TYPE
      ) {
        events.push(event);
      }
    },
    finish(projection) {
      // fitValuationModels drops the voided events, counting only voids at or before asOf, as
      // the fold does.
      return freezeDeep(valueProjection(projection, events, { churn, clv }));
    },
  };
}

/**
 * The checked settings of the valuation `options` ask for, or `undefined` when neither `churn`
 * nor `clv` is asked for. Checks at once, naming `api`, so that a bad option fails before the
 * log is read.
 */
export function requestedValuation(
  api: string,
  options: ValueProjectionOptions | undefined,
): ValuationSettings | undefined {
  const churn = options?.churn;
  const clv = options?.clv;
  if ((churn === undefined || churn === false) && (clv === undefined || clv === false)) {
    return undefined;
  }
  return resolveValuationSettings(api, churn, clv);
}
