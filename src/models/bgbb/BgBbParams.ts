import { ModelInputError } from '../../errors/ModelInputError.js';
import { requirePositiveParams } from '../clv/checkModelInput.js';

/**
 * Parameters of the beta-geometric/beta-binomial (BG/BB) model of discrete-time non-contractual
 * behaviour (Fader, Hardie & Shang 2010): while alive, a customer transacts at each opportunity
 * with probability p ~ beta(alpha, beta), and before each opportunity she dies with probability
 * θ ~ beta(gamma, delta).
 */
export interface BgBbParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly delta: number;
}

/** A customer's history over n transaction opportunities after her first transaction. */
export interface BgBbHistory {
  /** Repeat transactions: opportunities at which she transacted, 0..n. */
  readonly x: number;
  /** Recency: the opportunity of her last repeat transaction, 0 when x = 0. */
  readonly tx: number;
  /** Opportunities observed (e.g. 6 yearly drives). */
  readonly n: number;
}

/** `count` customers with the same history, the BG/BB's usual input (the donations table). */
export interface BgBbRow extends BgBbHistory {
  /** Customers with this history. Default `1`. */
  readonly count?: number;
}

/** Throws `ModelInputError` unless alpha, beta, gamma and delta are finite numbers > 0. */
export function checkBgBbParams(api: string, params: BgBbParams): void {
  requirePositiveParams(api, {
    alpha: params.alpha,
    beta: params.beta,
    gamma: params.gamma,
    delta: params.delta,
  });
}

/**
 * Throws `ModelInputError` unless the history is possible: integers with 0 <= x <= tx <= n, and
 * tx = 0 exactly when x = 0.
 */
export function checkBgBbHistory(api: string, history: BgBbHistory, path = 'history'): void {
  const { x, tx, n } = history ?? ({} as BgBbHistory);
  for (const [name, value] of [
    ['n', n],
    ['x', x],
    ['tx', tx],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new ModelInputError(api, `${path}.${name}`, 'an integer >= 0', value);
    }
  }
  if (tx > n) {
    throw new ModelInputError(
      api,
      `${path}.tx`,
      `at most n (${n}): the last transaction is within the opportunities`,
      tx,
    );
  }
  if (x > tx) {
    throw new ModelInputError(
      api,
      `${path}.x`,
      `at most tx (${tx}): at most one transaction per opportunity`,
      x,
    );
  }
  if (x > 0 && tx === 0) {
    throw new ModelInputError(api, `${path}.tx`, '>= 1 when x >= 1', tx);
  }
  if (x === 0 && tx !== 0) {
    throw new ModelInputError(
      api,
      `${path}.tx`,
      '0 when x = 0 (no repeat transaction, no recency)',
      tx,
    );
  }
}
