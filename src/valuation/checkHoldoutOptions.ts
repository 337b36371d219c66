import { checkModelOptions } from '../errors/checkModelOptions.js';
import { ModelInputError } from '../errors/ModelInputError.js';
import { dayOf } from '../models/summary/summarizeCustomers.js';
import type { HoldoutCheckOptions } from './checkHoldout.js';

const DAY_MS = 86_400_000;

const HOLDOUT_OPTIONS: readonly (keyof HoldoutCheckOptions)[] = [
  'calibrationEnd',
  'holdoutEnd',
  'start',
  'model',
  'unit',
  'currency',
];

/** The days of {@link checkHoldout}'s options (UTC day numbers), checked. Internal. */
export interface HoldoutDays {
  readonly calibrationEnd: number;
  readonly holdoutEnd: number;
  /** `undefined`: the cohort's first purchase day. */
  readonly start: number | undefined;
}

/**
 * Checks the options of `checkHoldout` before anything reads them, so that a wrong one is named
 * as the caller wrote it (`checkHoldout: options.holdoutEnd ...`), not as the summary it is
 * passed on to calls it, and returns their days.
 *
 * @throws ModelInputError for an unknown option, a missing or unreadable date, a holdout that
 *   ends before the calibration does, or a currency that is not a string.
 */
export function checkHoldoutOptions(api: string, options: HoldoutCheckOptions): HoldoutDays {
  if (typeof options !== 'object' || options === null) {
    throw new ModelInputError(
      api,
      'options',
      "an object with calibrationEnd and holdoutEnd, e.g. { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' }",
      options,
    );
  }
  checkModelOptions(api, 'options', options, HOLDOUT_OPTIONS);
  if (options.calibrationEnd === undefined) {
    throw new ModelInputError(
      api,
      'options.calibrationEnd',
      "the last day the model may see, e.g. '1997-09-30'",
      undefined,
    );
  }
  if (options.holdoutEnd === undefined) {
    throw new ModelInputError(
      api,
      'options.holdoutEnd',
      "the last day of the holdout, e.g. '1998-06-30'",
      undefined,
      'The check compares the forecast with the purchases up to it.',
    );
  }
  const calibrationEnd = dayOf(options.calibrationEnd, 'calibrationEnd', api);
  const holdoutEnd = dayOf(options.holdoutEnd, 'holdoutEnd', api);
  const start = options.start === undefined ? undefined : dayOf(options.start, 'start', api);
  if (holdoutEnd < calibrationEnd) {
    const day = new Date(calibrationEnd * DAY_MS).toISOString().slice(0, 10);
    throw new ModelInputError(
      api,
      'options.holdoutEnd',
      `a day on or after calibrationEnd (${day})`,
      options.holdoutEnd,
    );
  }
  if (options.currency !== undefined && typeof options.currency !== 'string') {
    throw new ModelInputError(
      api,
      'options.currency',
      "a currency code such as 'USD'",
      options.currency,
    );
  }
  return { calibrationEnd, holdoutEnd, start };
}
