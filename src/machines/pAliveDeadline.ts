import type { BgNbdParams } from '../models/bgnbd/BgNbdParams.js';
import { bgNbdPAlive } from '../models/bgnbd/bgNbdPAlive.js';
import type { ParetoNbdParams } from '../models/paretoNbd/ParetoNbdParams.js';
import { paretoNbdPAlive } from '../models/paretoNbd/paretoNbdPAlive.js';
import {
  PURCHASE_MODEL_EXPECTED,
  type PurchaseModelChoice,
  type PurchaseModelName,
  purchaseModelOf,
} from '../models/purchaseModelName.js';
import { DAY_MS, positiveOption } from './time.js';

/**
 * Model-driven retention (input `retention.pAlive`): the customer is at risk once P(alive) under
 * a fitted purchase model falls to `atRisk`, churned once it falls to `churned`, instead of after
 * fixed multiples of the purchase gap. Parameters typically come from a projection's valuation
 * report (`retentionInputFromValuation`). Purchase events are counted as purchases (same-day
 * orders are not merged here).
 */
export interface RetentionPAliveInput {
  /**
   * `'bgnbd'` or `'pareto-nbd'`, or the name results give them (`'bg/nbd'`, `'pareto/nbd'`, as
   * in `valuation.purchases.model`). Default: `'bgnbd'`.
   */
  readonly model?: PurchaseModelChoice;
  /** The fitted parameters: `{ r, alpha, a, b }` (BG/NBD) or `{ r, alpha, s, beta }` (Pareto/NBD). */
  readonly params: Readonly<Record<string, number>>;
  /** Time unit of the parameters, in days (`7` for weeks). Default: `7`. */
  readonly unitDays?: number;
  /** At risk when P(alive) <= this. Default: `0.5`. */
  readonly atRisk?: number;
  /** Churned when P(alive) <= this (below `atRisk`). Default: `0.2`. */
  readonly churned?: number;
}

/** {@link RetentionPAliveInput} checked, as kept in the machine's settings. */
export interface PAliveSettings {
  readonly model: PurchaseModelName;
  readonly params: Readonly<Record<string, number>>;
  readonly unitMs: number;
  readonly atRisk: number;
  readonly churned: number;
}

/** Checks `input.pAlive` of the retention machine; throws a TypeError naming the field. */
export function pAliveSettingsOf(input: unknown): PAliveSettings | null {
  if (input === undefined || input === null) return null;
  const options = input as Readonly<Record<string, unknown>>;
  const model = options.model === undefined ? 'bgnbd' : purchaseModelOf(options.model);
  const names = model === 'bgnbd' ? ['r', 'alpha', 'a', 'b'] : ['r', 'alpha', 's', 'beta'];
  const params = options.params as Readonly<Record<string, unknown>> | undefined;
  const bad =
    model === undefined
      ? `model must be ${PURCHASE_MODEL_EXPECTED}, received ${JSON.stringify(options.model)}`
      : names.find((name) => !(typeof params?.[name] === 'number' && (params[name] as number) > 0))
        ? `params must have ${names.join(', ')} > 0 (the fitted ${model} parameters), received ${JSON.stringify(params)}`
        : undefined;
  const atRisk = (options.atRisk ?? 0.5) as number;
  const churned = (options.churned ?? 0.2) as number;
  const order = !(churned > 0 && churned < atRisk && atRisk < 1)
    ? `thresholds must satisfy 0 < churned < atRisk < 1, received atRisk ${atRisk}, churned ${churned}`
    : undefined;
  if (bad !== undefined || order !== undefined) {
    throw new TypeError(`retention machine: input.pAlive: ${bad ?? order}.`);
  }
  return {
    model: model as PurchaseModelName,
    params: Object.fromEntries(names.map((name) => [name, params?.[name] as number])),
    unitMs: positiveOption('retention', options, 'unitDays', 7) * DAY_MS,
    atRisk,
    churned,
  };
}

/** P(alive) at `at` of a customer with `purchases` purchases from `first` to `last`. */
export function pAliveAt(
  settings: PAliveSettings,
  purchases: number,
  first: number,
  last: number,
  at: number,
): number {
  const history = {
    x: purchases - 1,
    tx: (last - first) / settings.unitMs,
    T: (Math.max(at, last) - first) / settings.unitMs,
  };
  return settings.model === 'bgnbd'
    ? bgNbdPAlive(settings.params as unknown as BgNbdParams, history)
    : paretoNbdPAlive(settings.params as unknown as ParetoNbdParams, history);
}

const MAX_UNITS = 1e6;

/**
 * The first time P(alive) falls to `threshold` without further purchases, or `null` when the
 * model cannot tell (BG/NBD before a repeat purchase: P(alive) stays 1) or it never does within
 * a million time units. P(alive) falls monotonically with time for a fixed history, so the
 * crossing is bracketed by doubling and found by bisection to the millisecond.
 */
export function pAliveDeadline(
  settings: PAliveSettings,
  purchases: number,
  first: number,
  last: number,
  threshold: number,
): number | null {
  if (settings.model === 'bgnbd' && purchases < 2) return null;
  const below = (at: number) => pAliveAt(settings, purchases, first, last, at) <= threshold;
  if (below(last)) return last;
  let low = last;
  let step = settings.unitMs;
  let high = last + step;
  while (!below(high)) {
    if (high - last > MAX_UNITS * settings.unitMs) return null;
    low = high;
    step *= 2;
    high = last + step;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (below(middle)) high = middle;
    else low = middle;
  }
  return high;
}
